package io.berth.proxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The dashboard's time series: the last {@code capacity} samples (15 minutes at one a second) in a
 * ring, oldest overwritten first.
 *
 * <p>One writer ({@link DashboardSampler}, on one event loop) and any number of readers (HTTP
 * requests, on any loop), without a lock: the writer puts sample number {@code n} into slot {@code n %
 * capacity}, then publishes {@code n + 1} in the volatile {@code written}. A reader reads {@code
 * written} first and then the slots below it; a slot the writer has overwritten since carries a
 * later number and is skipped, so a reader never sees a sample twice or out of order.
 */
final class DashboardHistory {
    /** 15 minutes of one sample a second. */
    static final int FIFTEEN_MINUTES = 900;

    /**
     * What the proxy looked like over one interval. Counts are as of the sample's time; rates and
     * waits are over the interval since the previous sample. Times in microseconds.
     *
     * @param at when it was taken, epoch milliseconds
     * @param tps transactions per second
     * @param qps queries per second
     * @param waits how many clients got a server connection in the interval (after waiting or not)
     * @param waitAvgMicros their average wait
     * @param waitP99Micros their 99th percentile wait (at most 6.25 % above the true value)
     * @param waitMaxMicros the longest wait of a client still waiting at the sample's time (SHOW POOLS'
     *     maxwait, over all pools)
     */
    record Sample(
            long at,
            int clientsActive,
            int clientsWaiting,
            int serversActive,
            int serversIdle,
            int serversUsed,
            int serversTested,
            double tps,
            double qps,
            long waits,
            long waitAvgMicros,
            long waitP99Micros,
            long waitMaxMicros) {}

    private record Slot(long number, Sample sample) {}

    private final int capacity;
    private final AtomicReferenceArray<Slot> ring;
    private volatile long written;

    DashboardHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity = " + capacity + " is invalid: must be at least 1");
        }
        this.capacity = capacity;
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    int capacity() {
        return capacity;
    }

    /** Appends a sample; only one thread may call this. */
    void add(Sample s) {
        long n = written;
        ring.set((int) (n % capacity), new Slot(n, s));
        written = n + 1;
    }

    /** The samples taken after {@code afterMillis} (epoch ms; {@code Long.MIN_VALUE} for all), oldest first. */
    List<Sample> since(long afterMillis) {
        long n = written;
        List<Sample> out = new ArrayList<>((int) Math.min(n, capacity));
        for (long i = Math.max(0, n - capacity); i < n; i++) {
            Slot slot = ring.get((int) (i % capacity));
            if (slot != null && slot.number() == i && slot.sample().at() > afterMillis) {
                out.add(slot.sample());
            }
        }
        return out;
    }
}
