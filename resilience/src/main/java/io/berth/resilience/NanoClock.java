package io.berth.resilience;

import io.berth.resilience.internal.SystemNanoClock;

/**
 * A monotonic time source in nanoseconds, injected into every time-based primitive so that tests can step time
 * instead of sleeping.
 *
 * <p>Values have an arbitrary origin, exactly like {@link System#nanoTime()}: only differences between two readings
 * of the same clock mean anything, and they must be compared by subtraction ({@code a - b < 0}), never with
 * {@code a < b}, so that a wrap of the counter does no harm.
 */
@FunctionalInterface
public interface NanoClock {

    /** The current reading, in nanoseconds from an arbitrary origin. */
    long nanoTime();

    /** The system clock, {@link System#nanoTime()}. Always returns the same instance. */
    static NanoClock system() {
        return SystemNanoClock.INSTANCE;
    }
}
