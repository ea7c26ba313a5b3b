package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.Connector;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolClosedException;
import io.berth.pool.PoolConfig;
import io.berth.pool.PoolListener;
import io.berth.testkit.Await;
import io.berth.testkit.ScriptableConnector;
import io.berth.testkit.TestConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Closing or draining a pool while many threads borrow and return as fast as they can. A return
 * publishes its connection with a plain store when it finds the pool running; these runs make
 * returns straddle the close, so the store can land after the pool stopped lending. Whatever the
 * interleaving: no connection is lent twice, none is closed under its borrower by close(), every
 * connection is closed exactly once, and every borrower ends with PoolClosedException.
 */
class CloseUnderLoadTest {
    /** Each round closes a fresh pool once; the race it looks for needs many closes to show. */
    private static final int ROUNDS = 60;

    /**
     * With a listener every return takes the slow path (it times the use), which publishes IDLE
     * after deciding the pool still runs: the same race through different code.
     */
    @ParameterizedTest(name = "{0} on {1} {2} threads, listener {3}")
    @CsvSource({
        "close, 16, platform, false",
        "close, 2000, virtual, false",
        "drain, 16, platform, false",
        "drain, 2000, virtual, false",
        "close, 16, platform, true",
        "drain, 2000, virtual, true",
    })
    void closingWhileBorrowersRaceLosesNothing(String how, int threads, String kind, boolean listener)
            throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            oneRound(how, threads, kind, listener);
        }
    }

    private static void oneRound(String how, int threads, String kind, boolean listener) throws Exception {
        CountingConnector connector = new CountingConnector();
        PoolConfig config = PoolConfig.custom()
                .name("close-under-load")
                .minIdle(4)
                .maxSize(4)
                .validateIdleAfter(Duration.ZERO)
                .listener(listener ? new PoolListener() {} : null)
                .build();
        Pool<TestConnection> pool = Pool.create(config, connector);
        LongAdder cycles = new LongAdder();
        LongAdder lentTwice = new LongAdder();
        LongAdder closedUnderBorrower = new LongAdder();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        Thread.Builder builder = kind.equals("virtual")
                ? Thread.ofVirtual()
                : Thread.ofPlatform().daemon();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(builder.start(() -> {
                for (; ; ) {
                    Lease<TestConnection> lease;
                    try {
                        lease = pool.acquire(Duration.ofSeconds(10));
                    } catch (PoolClosedException closed) {
                        return;
                    } catch (Throwable t) {
                        unexpected.add(t);
                        return;
                    }
                    TestConnection c;
                    try {
                        c = lease.connection();
                    } catch (IllegalStateException drained) {
                        // drain(ZERO) closes leased connections; the lease then says so.
                        if (!how.equals("drain") || !drained.getMessage().contains("was drained")) {
                            unexpected.add(drained);
                        }
                        return;
                    }
                    if (!c.beginUse()) {
                        lentTwice.increment();
                    }
                    if (c.isClosed()) {
                        closedUnderBorrower.increment();
                    }
                    c.endUse();
                    lease.close();
                    cycles.increment();
                }
            }));
        }
        Await.until(Duration.ofSeconds(20), () -> cycles.sum() >= 2_000);

        if (how.equals("close")) {
            pool.close();
        } else {
            pool.drain(Duration.ZERO);
        }
        for (Thread t : workers) {
            // join's own answer: join(Duration) returns as soon as the thread's state reads
            // TERMINATED, and the JVM marks a platform thread TERMINATED a moment before isAlive()
            // turns false, so isAlive() right after it can still say true (this test failed so once
            // in CI and once in 3 runs here, on "close" and "drain" with 16 platform threads).
            assertThat(t.join(Duration.ofSeconds(20))).as("borrower ended").isTrue();
        }

        assertThat(unexpected).as("failures other than PoolClosedException").isEmpty();
        assertThat(lentTwice.sum())
                .as("connections lent to two borrowers at once")
                .isZero();
        if (how.equals("close")) {
            // drain(ZERO) closes leased connections under their borrowers on purpose; close() never does.
            assertThat(closedUnderBorrower.sum())
                    .as("connections closed while lent")
                    .isZero();
        }
        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(1))).isInstanceOf(PoolClosedException.class);
        // Creations still in flight when the pool closed are closed when they finish.
        try {
            Await.until(
                    Duration.ofSeconds(10),
                    () -> pool.stats().creating() == 0
                            && pool.stats().total() == 0
                            && connector.delegate.open() == 0
                            && connector.closeCalls.size() == connector.delegate.created());
        } catch (AssertionError e) {
            throw new AssertionError(
                    "after " + how + ": " + pool.stats() + ", created "
                            + connector.delegate.created() + ", open " + connector.delegate.open() + ", close calls "
                            + connector.closeCalls,
                    e);
        }
        assertThat(connector.closeCalls.values())
                .as("close calls per connection")
                .allMatch(n -> n.get() == 1);
    }

    /** Counts the pool's close calls per connection (the scriptable connector throws on a second). */
    private static final class CountingConnector implements Connector<TestConnection> {
        final ScriptableConnector delegate = new ScriptableConnector();
        final Map<TestConnection, AtomicInteger> closeCalls = new ConcurrentHashMap<>();

        @Override
        public TestConnection create() throws Exception {
            return delegate.create();
        }

        @Override
        public boolean validate(TestConnection connection, Duration timeout) {
            return delegate.validate(connection, timeout);
        }

        @Override
        public void reset(TestConnection connection) throws Exception {
            delegate.reset(connection);
        }

        @Override
        public void close(TestConnection connection) {
            closeCalls.computeIfAbsent(connection, c -> new AtomicInteger()).incrementAndGet();
            delegate.close(connection);
        }
    }
}
