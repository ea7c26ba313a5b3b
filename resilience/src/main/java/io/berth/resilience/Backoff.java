package io.berth.resilience;

import io.berth.resilience.internal.DecorrelatedJitterBackoff;
import io.berth.resilience.internal.ExponentialBackoff;
import io.berth.resilience.internal.FixedBackoff;
import io.berth.resilience.internal.FullJitterBackoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before each attempt in a series of attempts, for example reconnecting to a backend that is down.
 *
 * <p>A {@code Backoff} is an immutable, thread-safe policy; share one freely. The state of one series of attempts
 * lives in a {@link Sequence}, made by {@link #newSequence()}.
 *
 * <p>Randomness comes from {@link java.util.concurrent.ThreadLocalRandom} of the calling thread unless
 * {@link #withRandom(RandomGenerator)} supplies a generator, which is meant for deterministic tests.
 *
 * @see <a href="https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/">Exponential Backoff And
 *     Jitter (AWS)</a>
 * @see <a href="https://github.com/grpc/grpc/blob/master/doc/connection-backoff.md">gRPC connection backoff</a>
 */
public interface Backoff {

    /** A fresh series of delays, starting from the first delay. */
    Sequence newSequence();

    /**
     * The same policy drawing its randomness from {@code random}. Every sequence of the returned policy shares that
     * generator, so use it from one thread at a time unless the generator itself is thread-safe.
     */
    Backoff withRandom(RandomGenerator random);

    /**
     * The cursor over one series of attempts. Not thread-safe: confine it to one thread, or guard it with the lock
     * that guards the attempts it paces.
     */
    interface Sequence {

        /** The delay before the next attempt, in nanoseconds, never negative; grows (up to the cap) on each call. */
        long nextDelayNanos();

        /** {@link #nextDelayNanos()} as a {@link Duration}. */
        default Duration nextDelay() {
            return Duration.ofNanos(nextDelayNanos());
        }

        /** Starts again from the first delay; call it after a success. */
        void reset();

        /** How many delays this sequence handed out since it was made or last reset. */
        int attempts();
    }

    /**
     * AWS "full jitter": the n-th delay (from 0) is uniformly random in {@code [0, min(cap, base * 2^n)]}.
     *
     * @throws IllegalArgumentException unless {@code 0 < base <= cap}
     */
    static Backoff exponentialFullJitter(Duration base, Duration cap) {
        return FullJitterBackoff.of(base, cap);
    }

    /**
     * AWS "decorrelated jitter": each delay is {@code min(cap, random in [base, previous * 3])}, the first previous
     * being {@code base}.
     *
     * @throws IllegalArgumentException unless {@code 0 < base <= cap}
     */
    static Backoff decorrelatedJitter(Duration base, Duration cap) {
        return DecorrelatedJitterBackoff.of(base, cap);
    }

    /**
     * Exponential backoff with proportional jitter: the n-th delay (from 0) is {@code min(cap, initial *
     * multiplier^n)} multiplied by a uniformly random factor in {@code [1 - jitter, 1 + jitter)}. With jitter the
     * delay may therefore exceed {@code cap} by up to {@code jitter * cap}, as in gRPC.
     *
     * @param jitter in {@code [0, 1)}; 0 means none
     * @throws IllegalArgumentException unless {@code 0 < initial <= cap}, {@code multiplier >= 1} and
     *     {@code 0 <= jitter < 1}
     */
    static Backoff exponential(Duration initial, double multiplier, double jitter, Duration cap) {
        return ExponentialBackoff.of(initial, multiplier, jitter, cap);
    }

    /** gRPC's connection backoff: 1 s initial, multiplier 1.6, jitter ±20 %, capped at 120 s. */
    static Backoff grpc() {
        return ExponentialBackoff.GRPC;
    }

    /**
     * The same delay every time.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    static Backoff fixed(Duration delay) {
        return FixedBackoff.of(delay);
    }
}
