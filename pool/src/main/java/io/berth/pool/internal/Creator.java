package io.berth.pool.internal;

import io.berth.pool.PoolConfig;
import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreaker;
import io.berth.resilience.RateLimiter;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Opens connections when the pool needs them, within three throttles: at most {@code
 * maxConcurrentCreates} in flight, at most {@code createRatePerSecond} (after a burst), and a
 * backoff with jitter after each failure. Over all of them sits the circuit breaker: after repeated
 * failures it opens, the pool fails its waiters at once, and creation continues only as background
 * probes, one per open interval, until the backend answers again.
 *
 * <p>{@link #demand()} may be called from any thread at any time, as often as wanted: it starts as
 * many creations as the pool needs and the throttles allow, and schedules itself again when a
 * throttle says "later". Creation runs on the create executor, never on the caller's thread unless
 * that executor is a direct one.
 */
final class Creator<C> {
    private static final Logger log = LoggerFactory.getLogger(Creator.class);

    private final DefaultPool<C> pool;
    private final PoolConfig config;
    private final Executor executor;
    private final RateLimiter limiter;
    private final CircuitBreaker breaker;
    private final AtomicInteger creating = new AtomicInteger();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private final ReentrantLock backoffLock = new ReentrantLock();
    private final Backoff.Sequence backoff;
    private volatile long retryAt;
    private volatile Throwable lastFailure;

    Creator(DefaultPool<C> pool, PoolConfig config, Executor executor, CircuitBreaker breaker) {
        this.pool = pool;
        this.config = config;
        this.executor = executor;
        this.breaker = breaker;
        this.limiter = config.createRatePerSecond() > 0
                ? RateLimiter.of(config.createRatePerSecond(), config.createBurst(), config.clock())
                : null;
        this.backoff = config.createBackoff().newSequence();
    }

    int creating() {
        return creating.get();
    }

    Throwable lastFailure() {
        return lastFailure;
    }

    /** Starts the creations the pool needs now, or schedules a later look. */
    void demand() {
        while (pool.isOpen()) {
            int inFlight = creating.get();
            if (inFlight >= config.maxConcurrentCreates() || !pool.needsConnection(inFlight, probing())) {
                return;
            }
            if (!creating.compareAndSet(inFlight, inFlight + 1)) {
                continue;
            }
            if (!pool.reserveCapacity()) {
                creating.decrementAndGet();
                return;
            }
            long wait = permitDelay();
            if (wait > 0) {
                creating.decrementAndGet();
                pool.releaseCapacity();
                scheduleRetry(wait);
                return;
            }
            try {
                executor.execute(this::createOne);
            } catch (RejectedExecutionException e) {
                creating.decrementAndGet();
                pool.releaseCapacity();
                if (breaker != null) {
                    breaker.onFailure(e); // the breaker granted this attempt: it must hear an outcome
                }
                log.warn("pool={} event=create_rejected reason=\"{}\"", pool.name(), e.toString());
                return;
            }
        }
    }

    private boolean probing() {
        return breaker != null && breaker.state() != CircuitBreaker.State.CLOSED;
    }

    /** 0 when a creation may start now (taking the permits), else nanoseconds to wait. */
    private long permitDelay() {
        long now = config.clock().nanoTime();
        long backoffLeft = retryAt - now;
        if (backoffLeft > 0) {
            return backoffLeft;
        }
        if (limiter != null && !limiter.tryAcquire()) {
            return Math.max(limiter.nanosUntilPermit(), 1);
        }
        if (breaker != null && !breaker.tryAcquire()) {
            return Math.max(breaker.nanosUntilProbe(), 1_000_000);
        }
        return 0;
    }

    private void scheduleRetry(long delayNanos) {
        if (retryScheduled.compareAndSet(false, true)) {
            config.scheduler()
                    .schedule(
                            () -> {
                                retryScheduled.set(false);
                                demand();
                            },
                            delayNanos);
        }
    }

    private void createOne() {
        long start = config.clock().nanoTime();
        C connection;
        try {
            connection = pool.connector().create();
            if (connection == null) {
                throw new IllegalStateException("connector returned null from create()");
            }
        } catch (Throwable e) {
            creating.decrementAndGet();
            pool.releaseCapacity();
            onFailure(e);
            return;
        }
        long now = config.clock().nanoTime();
        onSuccess();
        long lifetime = config.maxLifetime().toNanos();
        Entry<C> entry = new Entry<>(connection, now, lifetime > 0, now + lifetime - jitter(lifetime));
        entry.touched(now, config.validateIdleAfter().toNanos());
        pool.added(entry);
        creating.decrementAndGet();
        pool.listener().onCreated(pool.name(), now - start);
        pool.offerNew(entry);
        demand();
    }

    private long jitter(long lifetime) {
        return (long) (lifetime
                * config.maxLifetimeJitter()
                * ThreadLocalRandom.current().nextDouble());
    }

    private void onSuccess() {
        if (breaker != null) {
            breaker.onSuccess();
        }
        if (retryAt != 0) {
            backoffLock.lock();
            try {
                backoff.reset();
                retryAt = 0;
            } finally {
                backoffLock.unlock();
            }
        }
    }

    private void onFailure(Throwable cause) {
        lastFailure = cause;
        long delay;
        backoffLock.lock();
        try {
            delay = backoff.nextDelayNanos();
            retryAt = config.clock().nanoTime() + delay;
        } finally {
            backoffLock.unlock();
        }
        pool.listener().onCreateFailed(pool.name(), cause);
        boolean wasClosed = breaker == null || breaker.state() == CircuitBreaker.State.CLOSED;
        if (breaker != null) {
            breaker.onFailure(cause);
        }
        // Loud while the backend is thought up; a failed probe of a known outage is routine.
        log.atLevel(wasClosed ? Level.WARN : Level.INFO)
                .log(
                        "pool={} event=create_failed retry_in_ms={} breaker={} cause=\"{}\"",
                        pool.name(),
                        delay / 1_000_000,
                        breaker == null ? "disabled" : breaker.state(),
                        cause.toString());
        if (breaker != null && breaker.state() == CircuitBreaker.State.OPEN) {
            pool.waiting().failWaitersFast();
            scheduleRetry(Math.max(breaker.nanosUntilProbe(), delay));
        } else {
            scheduleRetry(delay);
        }
    }
}
