package io.berth.resilience;

import io.berth.resilience.internal.GcraRateLimiter;
import java.time.Duration;

/**
 * A token bucket: up to {@link #burst()} permits at once, refilled at {@link #permitsPerSecond()}. Used to throttle
 * connection creation so that a restart or a failover does not storm the database. Thread-safe and lock-free;
 * {@link #tryAcquire()} never blocks.
 *
 * <p>Permits are not returned: a permit is spent whether or not the work it allowed succeeds.
 */
public interface RateLimiter {

    /**
     * A limiter whose bucket starts full.
     *
     * @param permitsPerSecond refill rate, in {@code (0, 1e9]}
     * @param burst bucket size, at least 1; {@code burst / permitsPerSecond} (the time to fill the bucket) may be
     *     at most 10^9 seconds
     * @throws IllegalArgumentException if a value is out of range
     */
    static RateLimiter of(double permitsPerSecond, int burst, NanoClock clock) {
        return GcraRateLimiter.of(permitsPerSecond, burst, clock);
    }

    /** Takes one permit if one is available now. */
    boolean tryAcquire();

    /**
     * Takes {@code permits} permits if that many are available now; takes none otherwise.
     *
     * @throws IllegalArgumentException unless {@code 1 <= permits <= burst()}, since more could never be granted
     */
    boolean tryAcquire(int permits);

    /** Nanoseconds until one permit will be available; 0 when one is available now. */
    long nanosUntilPermit();

    /** {@link #nanosUntilPermit()} as a {@link Duration}. */
    default Duration timeUntilNextPermit() {
        return Duration.ofNanos(nanosUntilPermit());
    }

    /** The refill rate, as configured. */
    double permitsPerSecond();

    /** The bucket size. */
    int burst();
}
