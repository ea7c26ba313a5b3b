package io.berth.resilience.internal;

import io.berth.resilience.NanoClock;
import io.berth.resilience.RateLimiter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket kept as one number: the generic cell rate algorithm (GCRA), also called virtual scheduling.
 *
 * <p><b>Algorithm.</b> Each permit costs one emission interval {@code T = 1 s / permitsPerSecond}. The state is the
 * theoretical arrival time {@code tat}: the instant at which the bucket would be full again if nothing else were
 * taken. Taking {@code n} permits at {@code now} moves it to {@code max(tat, now) + n * T}, and is allowed only if
 * that is no more than {@code burst * T} after {@code now}. The bucket's content is thus
 * {@code burst - (max(tat, now) - now) / T} permits: a {@code tat} in the past means a full bucket, which is why
 * starting with {@code tat = now} starts full.
 *
 * <p><b>Invariants.</b> {@code tat - now <= burst * T} after every successful take, so over any interval of length
 * {@code d} at most {@code burst + d / T} permits are granted. {@code tat} only moves forward, by compare-and-set,
 * so concurrent takers never grant the same permit twice; a failed compare-and-set retries with a fresh read. Times
 * are compared by subtraction, so the clock's origin and wrap-around do not matter.
 *
 * <p><b>Precision.</b> {@code T} is rounded to a whole nanosecond, half a nanosecond at most from the exact
 * interval: immaterial below a million permits per second (0.05 %), coarse near the maximum of 10^9.
 *
 * <p><b>Caller duties.</b> None: every method is thread-safe and never blocks.
 */
public final class GcraRateLimiter implements RateLimiter {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double MAX_FILL_SECONDS = 1e9;

    private final NanoClock clock;
    private final double permitsPerSecond;
    private final int burst;
    private final long intervalNanos; // T
    private final long capacityNanos; // burst * T
    private final AtomicLong theoreticalArrival;

    private GcraRateLimiter(double permitsPerSecond, int burst, NanoClock clock) {
        this.clock = clock;
        this.permitsPerSecond = permitsPerSecond;
        this.burst = burst;
        this.intervalNanos = Math.max(1, Math.round(NANOS_PER_SECOND / permitsPerSecond));
        this.capacityNanos = burst * intervalNanos;
        this.theoreticalArrival = new AtomicLong(clock.nanoTime());
    }

    public static GcraRateLimiter of(double permitsPerSecond, int burst, NanoClock clock) {
        Objects.requireNonNull(clock, "clock");
        if (!(permitsPerSecond > 0 && permitsPerSecond <= NANOS_PER_SECOND)) {
            throw new IllegalArgumentException("permitsPerSecond must be in (0, 1.0E9], was " + permitsPerSecond);
        }
        Checks.atLeast("burst", burst, 1);
        double fillSeconds = burst / permitsPerSecond;
        if (fillSeconds > MAX_FILL_SECONDS) {
            throw new IllegalArgumentException("burst / permitsPerSecond (the time to fill the bucket) must be <= "
                    + MAX_FILL_SECONDS + " s, was " + fillSeconds + " s (burst " + burst + ", permitsPerSecond "
                    + permitsPerSecond + ")");
        }
        return new GcraRateLimiter(permitsPerSecond, burst, clock);
    }

    @Override
    public boolean tryAcquire() {
        return take(intervalNanos);
    }

    @Override
    public boolean tryAcquire(int permits) {
        if (permits < 1 || permits > burst) {
            throw new IllegalArgumentException("permits must be in [1, burst=" + burst + "], was " + permits);
        }
        return take(permits * intervalNanos);
    }

    private boolean take(long costNanos) {
        long now = clock.nanoTime();
        for (; ; ) {
            long tat = theoreticalArrival.get();
            long next = (tat - now < 0 ? now : tat) + costNanos;
            if (next - now > capacityNanos) {
                return false;
            }
            if (theoreticalArrival.compareAndSet(tat, next)) {
                return true;
            }
        }
    }

    @Override
    public long nanosUntilPermit() {
        long now = clock.nanoTime();
        long tat = theoreticalArrival.get();
        long wait = (tat - now < 0 ? now : tat) + intervalNanos - capacityNanos - now;
        return wait > 0 ? wait : 0;
    }

    @Override
    public double permitsPerSecond() {
        return permitsPerSecond;
    }

    @Override
    public int burst() {
        return burst;
    }

    @Override
    public String toString() {
        return "RateLimiter[permitsPerSecond=" + permitsPerSecond + ", burst=" + burst + ", available now="
                + (nanosUntilPermit() == 0) + "]";
    }
}
