package io.berth.pool.internal;

import io.berth.pool.CloseReason;
import io.berth.pool.PoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's housekeeping: {@link #run(long)} takes the time and returns the delay until it wants to
 * run again, so tests step a fake clock instead of sleeping. One pass retires idle connections past
 * their lifetime (leased ones are only marked, and close when returned), closes idle ones beyond
 * {@code minIdle} after {@code idleTimeout}, sends idle ones past {@code keepaliveTime} for
 * validation on the create executor, reports leases held past the leak threshold (once each), and
 * asks the creator to fill up to {@code minIdle}.
 */
final class Housekeeper<C> {
    private static final Logger log = LoggerFactory.getLogger(Housekeeper.class);
    private static final long MAX_DELAY = 30_000_000_000L;
    private static final long MIN_DELAY = 10_000_000L;

    private final DefaultPool<C> pool;
    private final PoolConfig config;
    private final long idleTimeout;
    private final long keepalive;
    private final long leak;
    private final long tick;

    Housekeeper(DefaultPool<C> pool, PoolConfig config) {
        this.pool = pool;
        this.config = config;
        this.idleTimeout = config.idleTimeout().toNanos();
        this.keepalive = config.keepaliveTime().toNanos();
        this.leak = config.leakDetectionThreshold().toNanos();
        long validateIdle = config.validateIdleAfter().toNanos();
        // The coarse clock must advance often enough for validate-on-borrow to mean something.
        this.tick = validateIdle > 0 ? Math.max(validateIdle / 2, MIN_DELAY) : MAX_DELAY;
    }

    void start() {
        config.scheduler().schedule(this::scheduled, tick);
    }

    private void scheduled() {
        long delay = run(config.clock().nanoTime());
        if (delay > 0) {
            config.scheduler().schedule(this::scheduled, delay);
        }
    }

    /** One pass as of {@code now}; returns the next delay, or 0 once the pool is closed. */
    long run(long now) {
        pool.coarseNow = now;
        if (!pool.isOpen()) {
            return 0;
        }
        long next = tick;
        int excessIdle = pool.idleCount() - pool.minIdle();
        for (Entry<C> e : pool.entries().snapshot()) {
            int code = Entry.code(e.state());
            if (code == Entry.IDLE) {
                long idleFor = now - e.lastUsed();
                if (e.expired(now)) {
                    retireIdle(e, CloseReason.LIFETIME);
                } else if (idleTimeout > 0 && excessIdle > 0 && idleFor >= idleTimeout) {
                    if (retireIdle(e, CloseReason.IDLE_TIMEOUT)) {
                        excessIdle--;
                    }
                } else if (keepalive > 0 && now - Math.max(e.lastUsed(), e.lastValidated) >= keepalive) {
                    keepAlive(e);
                } else {
                    if (e.mortal) {
                        next = Math.min(next, e.expiresAt - now);
                    }
                    if (idleTimeout > 0 && excessIdle > 0) {
                        next = Math.min(next, idleTimeout - idleFor);
                    }
                    if (keepalive > 0) {
                        next = Math.min(next, keepalive - (now - Math.max(e.lastUsed(), e.lastValidated)));
                    }
                }
            } else if (code == Entry.LEASED) {
                if (e.expired(now)) {
                    e.retire = CloseReason.LIFETIME;
                } else if (e.mortal) {
                    next = Math.min(next, e.expiresAt - now);
                }
                if (leak > 0) {
                    next = Math.min(next, checkLeak(e, now));
                }
            }
        }
        pool.creator().demand();
        return Math.max(Math.min(next, MAX_DELAY), MIN_DELAY);
    }

    private boolean retireIdle(Entry<C> e, CloseReason reason) {
        if (e.tryReserve()) {
            pool.discard(e, reason);
            return true;
        }
        return false;
    }

    private void keepAlive(Entry<C> e) {
        if (!e.tryReserve()) {
            return;
        }
        pool.blockingExecutor().execute(() -> {
            if (pool.validate(e)) {
                pool.offerNew(e);
            } else {
                pool.discard(e, CloseReason.VALIDATION_FAILED);
            }
        });
    }

    /** Reports a lease held past the threshold once; returns the delay until it would be due. */
    private long checkLeak(Entry<C> e, long now) {
        Throwable stack = e.acquiredAt; // read before leasedAt: see DefaultPool.lent
        if (stack == null) {
            return MAX_DELAY;
        }
        long held = now - e.leasedAt();
        if (held < leak) {
            return leak - held;
        }
        if (!e.leakReported) {
            e.leakReported = true;
            log.warn(
                    "pool={} event=leak_suspected held_ms={} threshold_ms={} connection=\"{}\"; acquired at:",
                    pool.name(),
                    held / 1_000_000,
                    leak / 1_000_000,
                    e.connection,
                    stack);
            pool.listener().onLeakSuspected(pool.name(), held, stack);
        }
        return MAX_DELAY;
    }
}
