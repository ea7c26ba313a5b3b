package io.berth.pool;

import io.berth.pool.internal.SharedScheduler;

/**
 * Runs a pool's housekeeping and delayed creation retries. Production pools share one daemon thread
 * ({@link #shared()}); tests pass a scheduler driven by a fake clock so that nothing sleeps.
 */
@FunctionalInterface
public interface PoolScheduler {

    /**
     * Runs {@code task} once, about {@code delayNanos} from now. Tasks must not block for long.
     *
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(Runnable task, long delayNanos);

    /** Cancels a scheduled task; cancelling one that ran already does nothing. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** The JVM-wide scheduler: one daemon thread for every pool. */
    static PoolScheduler shared() {
        return SharedScheduler.INSTANCE;
    }
}
