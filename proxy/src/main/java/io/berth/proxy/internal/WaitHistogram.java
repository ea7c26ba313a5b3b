package io.berth.proxy.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free histogram of client wait times in microseconds, for the dashboard's p99 wait.
 *
 * <p>Algorithm: log-linear buckets, as HdrHistogram's with two significant binary digits more: values
 * below 32 µs have a bucket each; above, every power of two is split into 16 equal buckets, so a
 * bucket is at most 1/16 (6.25 %) wider than its lower bound. Values from 2^40 µs (12 days) on share
 * the last bucket. {@link #record} is one atomic increment of one slot (and one add to a striped
 * sum), from any thread, never blocking and never allocating.
 *
 * <p>Counts only grow. A reader takes the counts of an interval by copying them ({@link #addTo}) at
 * its start and end and subtracting: copies are not atomic snapshots, so a value recorded during a
 * copy lands in this interval or the next, never in neither.
 */
final class WaitHistogram {
    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_BITS = 40;
    private static final long MAX = (1L << MAX_BITS) - 1;
    /** Buckets: 0..SUB-1 exact, then SUB per power of two from 2^SUB_BITS up to 2^MAX_BITS. */
    static final int BUCKETS = SUB + (MAX_BITS - SUB_BITS) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder totalMicros = new LongAdder();

    void record(long micros) {
        counts.incrementAndGet(index(micros));
        totalMicros.add(Math.max(micros, 0));
    }

    /** The sum of every value recorded, for averages. */
    long totalMicros() {
        return totalMicros.sum();
    }

    /** Adds the current counts to {@code into} (of length {@link #BUCKETS}). */
    void addTo(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts.get(i);
        }
    }

    static int index(long micros) {
        long v = Math.min(Math.max(micros, 0), MAX);
        if (v < SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        int sub = (int) (v >>> shift) & (SUB - 1);
        return SUB + shift * SUB + sub;
    }

    static long count(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** The largest value bucket {@code i} holds. */
    static long upperBound(int i) {
        if (i < SUB) {
            return i;
        }
        int shift = (i - SUB) / SUB;
        long lower = (long) (SUB + (i - SUB) % SUB) << shift;
        return lower + (1L << shift) - 1;
    }

    /**
     * The {@code q}-quantile (0 to 1) of the values counted in {@code counts}: the upper bound of the
     * bucket holding the value of that rank, so at most 6.25 % above the true value; 0 when empty.
     */
    static long quantile(long[] counts, double q) {
        long total = count(counts);
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(counts.length - 1);
    }
}
