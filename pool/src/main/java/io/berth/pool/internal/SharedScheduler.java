package io.berth.pool.internal;

import io.berth.pool.PoolScheduler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One daemon thread that runs the housekeeping of every pool in the JVM. */
public final class SharedScheduler implements PoolScheduler {
    private static final Logger log = LoggerFactory.getLogger(SharedScheduler.class);
    public static final SharedScheduler INSTANCE = new SharedScheduler();

    private final ScheduledThreadPoolExecutor executor;

    private SharedScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "berth-housekeeper");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        var future = executor.schedule(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        log.error("housekeeping task failed", e);
                    }
                },
                delayNanos,
                TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
