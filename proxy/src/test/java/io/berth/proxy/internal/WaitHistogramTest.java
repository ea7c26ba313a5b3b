package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitHistogramTest {
    private static long[] counts(WaitHistogram h) {
        long[] c = new long[WaitHistogram.BUCKETS];
        h.addTo(c);
        return c;
    }

    @Test
    void everyValueLandsInABucketThatHoldsItAndIsAtMostASixteenthWider() {
        long previousUpper = -1;
        for (int i = 0; i < WaitHistogram.BUCKETS; i++) {
            long upper = WaitHistogram.upperBound(i);
            long lower = previousUpper + 1;
            assertThat(WaitHistogram.index(lower)).isEqualTo(i);
            assertThat(WaitHistogram.index(upper)).isEqualTo(i);
            assertThat(upper - lower).isLessThanOrEqualTo(Math.max(0, lower / 16));
            previousUpper = upper;
        }
        assertThat(WaitHistogram.index(-5)).isZero();
        assertThat(WaitHistogram.index(Long.MAX_VALUE)).isEqualTo(WaitHistogram.BUCKETS - 1);
    }

    @Test
    void quantilesAreWithinTheBucketPrecision() {
        WaitHistogram h = new WaitHistogram();
        for (long v = 1; v <= 10_000; v++) {
            h.record(v);
        }

        long p99 = WaitHistogram.quantile(counts(h), 0.99);
        long p50 = WaitHistogram.quantile(counts(h), 0.5);

        assertThat(p99).isBetween(9_900L, 9_900L + 9_900L / 16);
        assertThat(p50).isBetween(5_000L, 5_000L + 5_000L / 16);
        assertThat(WaitHistogram.quantile(new long[WaitHistogram.BUCKETS], 0.99))
                .isZero();
        assertThat(h.totalMicros()).isEqualTo(10_000L * 10_001 / 2);
    }

    @Test
    void aFewSlowWaitsAmongManyFastOnesSetTheP99() {
        WaitHistogram h = new WaitHistogram();
        for (int i = 0; i < 980; i++) {
            h.record(0);
        }
        for (int i = 0; i < 20; i++) {
            h.record(250_000);
        }

        assertThat(WaitHistogram.quantile(counts(h), 0.99)).isBetween(250_000L, 250_000L + 250_000L / 16);
        assertThat(WaitHistogram.quantile(counts(h), 0.9)).isZero();
    }

    @Test
    void recordsFromManyThreadsAreAllCounted() throws InterruptedException {
        WaitHistogram h = new WaitHistogram();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100_000; i++) {
                    h.record(i % 64);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(WaitHistogram.count(counts(h))).isEqualTo(400_000);
    }
}
