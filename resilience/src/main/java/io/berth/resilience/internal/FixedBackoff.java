package io.berth.resilience.internal;

import io.berth.resilience.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** {@link Backoff#fixed}: the same delay every time. */
public final class FixedBackoff implements Backoff {

    private final Duration delay;
    private final long delayNanos;

    private FixedBackoff(Duration delay) {
        this.delay = delay;
        this.delayNanos = delay.toNanos();
    }

    public static FixedBackoff of(Duration delay) {
        long nanos = Checks.nanos("delay", delay);
        if (nanos < 0) {
            throw new IllegalArgumentException(
                    "delay must be in [PT0S, " + Checks.MAX_NANOS_DURATION + "], was " + delay);
        }
        return new FixedBackoff(delay);
    }

    @Override
    public Sequence newSequence() {
        return new Sequence() {
            private int attempts;

            @Override
            public long nextDelayNanos() {
                attempts = Randoms.increment(attempts);
                return delayNanos;
            }

            @Override
            public void reset() {
                attempts = 0;
            }

            @Override
            public int attempts() {
                return attempts;
            }
        };
    }

    /** Returns this policy: a fixed delay draws no random numbers. */
    @Override
    public Backoff withRandom(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return this;
    }

    @Override
    public String toString() {
        return "Backoff.fixed(" + delay + ")";
    }
}
