package io.berth.resilience.internal;

import io.berth.resilience.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** {@link Backoff#exponentialFullJitter}: uniform in {@code [0, min(cap, base * 2^n)]}. */
public final class FullJitterBackoff implements Backoff {

    private final Duration base;
    private final Duration cap;
    private final long baseNanos;
    private final long capNanos;
    private final RandomGenerator random; // null: ThreadLocalRandom of the caller

    private FullJitterBackoff(Duration base, Duration cap, RandomGenerator random) {
        this.base = base;
        this.cap = cap;
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
        this.random = random;
    }

    public static FullJitterBackoff of(Duration base, Duration cap) {
        long baseNanos = Checks.positiveNanos("base", base);
        long capNanos = Checks.positiveNanos("cap", cap);
        if (capNanos < baseNanos) {
            throw new IllegalArgumentException("cap must be >= base (" + base + "), was " + cap);
        }
        return new FullJitterBackoff(base, cap, null);
    }

    @Override
    public Sequence newSequence() {
        return new FullJitterSequence();
    }

    @Override
    public Backoff withRandom(RandomGenerator random) {
        return new FullJitterBackoff(base, cap, Objects.requireNonNull(random, "random"));
    }

    @Override
    public String toString() {
        return "Backoff.exponentialFullJitter(base=" + base + ", cap=" + cap + ")";
    }

    private final class FullJitterSequence implements Sequence {
        private long ceiling = baseNanos; // min(cap, base * 2^attempts)
        private int attempts;

        @Override
        public long nextDelayNanos() {
            long delay = Randoms.between(Randoms.of(random), 0, ceiling);
            ceiling = ceiling > capNanos / 2 ? capNanos : Math.min(capNanos, ceiling * 2);
            attempts = Randoms.increment(attempts);
            return delay;
        }

        @Override
        public void reset() {
            ceiling = baseNanos;
            attempts = 0;
        }

        @Override
        public int attempts() {
            return attempts;
        }
    }
}
