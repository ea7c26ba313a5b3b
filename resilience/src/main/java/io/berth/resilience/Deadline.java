package io.berth.resilience;

import io.berth.resilience.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * An absolute point in time on a {@link NanoClock}, by which some work must be done. Immutable and thread-safe.
 *
 * <p>Pass a deadline down a call stack instead of a timeout, so that every level spends from the same budget; a
 * level that needs time of its own afterwards (to clean up, to return a connection) passes {@link #shrinkBy} down.
 *
 * <p>A deadline is at most {@link #MAX_TIMEOUT} (about 146 years) away: longer timeouts, however long, count as that
 * much, which keeps every subtraction on the clock free of overflow. {@link #none} is a deadline that never expires.
 *
 * <p>Deadlines can be compared ({@link #compareTo}, {@link #min}) only when made on the same clock instance;
 * {@link NanoClock#system()} always returns the same instance.
 */
public final class Deadline implements Comparable<Deadline> {

    /** The furthest a deadline can be; longer timeouts are shortened to this. */
    public static final Duration MAX_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE / 2);

    private static final long MAX_OFFSET_NANOS = Long.MAX_VALUE / 2;

    private final NanoClock clock;
    private final long deadlineNanos;
    private final boolean bounded;

    private Deadline(NanoClock clock, long deadlineNanos, boolean bounded) {
        this.clock = clock;
        this.deadlineNanos = deadlineNanos;
        this.bounded = bounded;
    }

    /**
     * The deadline {@code timeout} from now on {@code clock}. A zero or negative timeout makes a deadline that has
     * already expired; timeouts beyond {@link #MAX_TIMEOUT} count as {@link #MAX_TIMEOUT}.
     */
    public static Deadline after(Duration timeout, NanoClock clock) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(clock, "clock");
        return new Deadline(clock, clock.nanoTime() + clampOffset(Checks.saturatedNanos(timeout)), true);
    }

    /** {@link #after(Duration, NanoClock)} on {@link NanoClock#system()}. */
    public static Deadline after(Duration timeout) {
        return after(timeout, NanoClock.system());
    }

    /**
     * A deadline that never expires: {@link #remaining()} is about 292 years, {@link #isExpired()} is false, it is
     * later than every other deadline on the clock, and all such deadlines on one clock are equal.
     */
    public static Deadline none(NanoClock clock) {
        Objects.requireNonNull(clock, "clock");
        return new Deadline(clock, clock.nanoTime() + MAX_OFFSET_NANOS, false);
    }

    /** Time left, never negative: {@link Duration#ZERO} once expired. */
    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    /** Time left in nanoseconds, never negative: 0 once expired, {@link Long#MAX_VALUE} for {@link #none}. */
    public long remainingNanos() {
        if (!bounded) {
            return Long.MAX_VALUE;
        }
        long left = deadlineNanos - clock.nanoTime();
        return left > 0 ? left : 0;
    }

    /** Whether the deadline has passed; a deadline is expired at the very nanosecond it falls due. */
    public boolean isExpired() {
        return bounded && deadlineNanos - clock.nanoTime() <= 0;
    }

    /** Whether this deadline can expire; false only for {@link #none}. */
    public boolean isBounded() {
        return bounded;
    }

    /**
     * A deadline {@code amount} earlier than this one, to leave time for work after the call it is passed to. A
     * {@link #none} deadline stays {@link #none}.
     *
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public Deadline shrinkBy(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must be >= PT0S, was " + amount);
        }
        if (!bounded || amount.isZero()) {
            return this;
        }
        long now = clock.nanoTime();
        // Long expired is long expired: keep the offset from now within range, so repeated shrinking cannot wrap.
        long offset = Math.max(-MAX_OFFSET_NANOS, deadlineNanos - now);
        offset = Math.max(-MAX_OFFSET_NANOS, offset - clampOffset(Checks.saturatedNanos(amount)));
        return new Deadline(clock, now + offset, true);
    }

    /**
     * The earlier of this deadline and {@code other} (this one when they are equal).
     *
     * @throws IllegalArgumentException if the two are on different clocks
     */
    public Deadline min(Deadline other) {
        return compareTo(other) <= 0 ? this : other;
    }

    /**
     * The deadline in the clock's time base, comparable with {@link NanoClock#nanoTime()} by subtraction. For
     * {@link #none} it is a point about 146 years after the deadline was made.
     */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Orders earlier deadlines first; {@link #none} is last.
     *
     * @throws IllegalArgumentException if the two are on different clocks
     */
    @Override
    public int compareTo(Deadline other) {
        if (clock != other.clock) {
            throw new IllegalArgumentException(
                    "cannot compare deadlines on different clocks: " + clock + " and " + other.clock);
        }
        if (bounded != other.bounded) {
            return bounded ? -1 : 1;
        }
        return bounded ? Long.signum(deadlineNanos - other.deadlineNanos) : 0;
    }

    /** Equal when on the same clock instance and due at the same nanosecond (or both {@link #none}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Deadline other
                && clock == other.clock
                && bounded == other.bounded
                && (!bounded || deadlineNanos == other.deadlineNanos);
    }

    @Override
    public int hashCode() {
        return 31 * System.identityHashCode(clock) + (bounded ? Long.hashCode(deadlineNanos) : 1);
    }

    /** {@code Deadline[remaining=PT0.5S]}, or {@code Deadline[none]}. */
    @Override
    public String toString() {
        return bounded ? "Deadline[remaining=" + remaining() + "]" : "Deadline[none]";
    }

    private static long clampOffset(long nanos) {
        return Math.max(-MAX_OFFSET_NANOS, Math.min(MAX_OFFSET_NANOS, nanos));
    }
}
