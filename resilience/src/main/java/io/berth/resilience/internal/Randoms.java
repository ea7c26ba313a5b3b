package io.berth.resilience.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Small shared pieces of the backoff sequences. */
final class Randoms {

    private Randoms() {}

    /** The injected generator, or the calling thread's own when none was injected. */
    static RandomGenerator of(RandomGenerator injected) {
        return injected != null ? injected : ThreadLocalRandom.current();
    }

    /** Uniform in {@code [min, max]}, both inclusive; requires {@code 0 <= min <= max}. */
    static long between(RandomGenerator random, long min, long max) {
        if (max == Long.MAX_VALUE) {
            return random.nextLong(min, max); // one value short of inclusive; immaterial at this size
        }
        return random.nextLong(min, max + 1);
    }

    /** An attempt counter that stops at {@link Integer#MAX_VALUE} instead of wrapping. */
    static int increment(int attempts) {
        return attempts == Integer.MAX_VALUE ? attempts : attempts + 1;
    }
}
