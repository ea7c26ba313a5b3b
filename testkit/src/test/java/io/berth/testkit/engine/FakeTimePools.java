package io.berth.testkit.engine;

import io.berth.pool.*;
import io.berth.testkit.FakeClock;
import io.berth.testkit.ManualScheduler;
import io.berth.testkit.ScriptableConnector;
import io.berth.testkit.TestConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Base for engine tests: a fake clock, a scheduler that runs only when the test advances time,
 * connector calls on the calling thread, and no background housekeeping of its own.
 */
abstract class FakeTimePools {
    final FakeClock clock = new FakeClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final ScriptableConnector connector = new ScriptableConnector();
    private final List<Pool<?>> pools = new ArrayList<>();

    PoolConfig.Builder config() {
        return PoolConfig.custom()
                .name("test")
                .clock(clock)
                .scheduler(scheduler)
                .createExecutor(Runnable::run)
                .asyncExecutor(Runnable::run);
    }

    Pool<TestConnection> pool(PoolConfig.Builder config) {
        Pool<TestConnection> pool = Pool.create(config.build(), connector);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void closePools() {
        pools.forEach(Pool::close);
    }
}
