package io.berth.resilience.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks whose messages name the setting, the value and the allowed range, as every Berth configuration
 * error must.
 */
public final class Checks {

    /** The longest {@link Duration} that fits in a {@code long} of nanoseconds (about 292 years). */
    public static final Duration MAX_NANOS_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    private Checks() {}

    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    /** Checks {@code min <= value <= max}, and that the value is not NaN. */
    public static double inClosedRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    /** The value in nanoseconds; rejects null and durations too long for a {@code long} of nanoseconds. */
    public static long nanos(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(MAX_NANOS_DURATION) > 0 || value.compareTo(MAX_NANOS_DURATION.negated()) < 0) {
            throw new IllegalArgumentException(
                    name + " must be in [-" + MAX_NANOS_DURATION + ", " + MAX_NANOS_DURATION + "], was " + value);
        }
        return value.toNanos();
    }

    /** The value in nanoseconds; it must be positive and fit in a {@code long} of nanoseconds. */
    public static long positiveNanos(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.compareTo(MAX_NANOS_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be in (PT0S, " + MAX_NANOS_DURATION + "], was " + value);
        }
        return value.toNanos();
    }

    /** Converts without overflow: durations beyond the {@code long} range saturate. */
    public static long saturatedNanos(Duration value) {
        if (value.compareTo(MAX_NANOS_DURATION) >= 0) {
            return Long.MAX_VALUE;
        }
        if (value.compareTo(MAX_NANOS_DURATION.negated()) <= 0) {
            return -Long.MAX_VALUE;
        }
        return value.toNanos();
    }
}
