package io.berth.resilience.internal;

import io.berth.resilience.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** {@link Backoff#exponential}: {@code min(cap, initial * multiplier^n) * (1 ± jitter)}. */
public final class ExponentialBackoff implements Backoff {

    public static final ExponentialBackoff GRPC = of(Duration.ofSeconds(1), 1.6, 0.2, Duration.ofSeconds(120));

    private final Duration initial;
    private final double multiplier;
    private final double jitter;
    private final Duration cap;
    private final long initialNanos;
    private final long capNanos;
    private final RandomGenerator random; // null: ThreadLocalRandom of the caller

    private ExponentialBackoff(
            Duration initial, double multiplier, double jitter, Duration cap, RandomGenerator random) {
        this.initial = initial;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.cap = cap;
        this.initialNanos = initial.toNanos();
        this.capNanos = cap.toNanos();
        this.random = random;
    }

    public static ExponentialBackoff of(Duration initial, double multiplier, double jitter, Duration cap) {
        long initialNanos = Checks.positiveNanos("initial", initial);
        long capNanos = Checks.positiveNanos("cap", cap);
        if (capNanos < initialNanos) {
            throw new IllegalArgumentException("cap must be >= initial (" + initial + "), was " + cap);
        }
        if (!(multiplier >= 1.0 && Double.isFinite(multiplier))) {
            throw new IllegalArgumentException("multiplier must be finite and >= 1.0, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0.0, 1.0), was " + jitter);
        }
        return new ExponentialBackoff(initial, multiplier, jitter, cap, null);
    }

    @Override
    public Sequence newSequence() {
        return new ExponentialSequence();
    }

    @Override
    public Backoff withRandom(RandomGenerator random) {
        return new ExponentialBackoff(initial, multiplier, jitter, cap, Objects.requireNonNull(random, "random"));
    }

    @Override
    public String toString() {
        return "Backoff.exponential(initial=" + initial + ", multiplier=" + multiplier + ", jitter=" + jitter + ", cap="
                + cap + ")";
    }

    private final class ExponentialSequence implements Sequence {
        private double current = initialNanos; // min(cap, initial * multiplier^attempts)
        private int attempts;

        @Override
        public long nextDelayNanos() {
            double delay = current;
            current = Math.min(capNanos, current * multiplier);
            attempts = Randoms.increment(attempts);
            if (jitter > 0.0) {
                delay *= 1.0 + jitter * (2.0 * Randoms.of(random).nextDouble() - 1.0);
            }
            return Math.round(delay); // saturates at Long.MAX_VALUE
        }

        @Override
        public void reset() {
            current = initialNanos;
            attempts = 0;
        }

        @Override
        public int attempts() {
            return attempts;
        }
    }
}
