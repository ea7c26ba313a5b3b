package io.berth.proxy.internal;

import io.berth.pool.PoolScheduler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a per-loop pool's timers (acquire timeouts, housekeeping) on its event loop. Clients of that
 * loop wait on that pool, so a timeout is registered and cancelled on the same thread without a
 * lock, instead of through the engine's shared scheduler thread.
 */
final class LoopScheduler implements PoolScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(LoopScheduler.class);

    private final EventLoop loop;

    LoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> f = loop.schedule(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        LOG.error("pool timer failed", e);
                    }
                },
                delayNanos,
                TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
