package io.berth.resilience.internal;

import io.berth.resilience.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** {@link Backoff#decorrelatedJitter}: {@code min(cap, random in [base, previous * 3])}. */
public final class DecorrelatedJitterBackoff implements Backoff {

    private final Duration base;
    private final Duration cap;
    private final long baseNanos;
    private final long capNanos;
    private final RandomGenerator random; // null: ThreadLocalRandom of the caller

    private DecorrelatedJitterBackoff(Duration base, Duration cap, RandomGenerator random) {
        this.base = base;
        this.cap = cap;
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
        this.random = random;
    }

    public static DecorrelatedJitterBackoff of(Duration base, Duration cap) {
        long baseNanos = Checks.positiveNanos("base", base);
        long capNanos = Checks.positiveNanos("cap", cap);
        if (capNanos < baseNanos) {
            throw new IllegalArgumentException("cap must be >= base (" + base + "), was " + cap);
        }
        return new DecorrelatedJitterBackoff(base, cap, null);
    }

    @Override
    public Sequence newSequence() {
        return new DecorrelatedSequence();
    }

    @Override
    public Backoff withRandom(RandomGenerator random) {
        return new DecorrelatedJitterBackoff(base, cap, Objects.requireNonNull(random, "random"));
    }

    @Override
    public String toString() {
        return "Backoff.decorrelatedJitter(base=" + base + ", cap=" + cap + ")";
    }

    private final class DecorrelatedSequence implements Sequence {
        private long previous = baseNanos;
        private int attempts;

        @Override
        public long nextDelayNanos() {
            long upper = previous > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : previous * 3;
            long delay = Math.min(capNanos, Randoms.between(Randoms.of(random), baseNanos, upper));
            previous = delay;
            attempts = Randoms.increment(attempts);
            return delay;
        }

        @Override
        public void reset() {
            previous = baseNanos;
            attempts = 0;
        }

        @Override
        public int attempts() {
            return attempts;
        }
    }
}
