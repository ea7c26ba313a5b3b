package io.berth.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void bucketStartsFullAndGrantsTheWholeBurstAtOnce() {
        RateLimiter limiter = RateLimiter.of(10, 5, clock);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire()).as("permit %d", i).isTrue();
        }
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void refillsOnePermitPerIntervalOfClockTime() {
        RateLimiter limiter = RateLimiter.of(10, 1, clock);
        assertThat(limiter.tryAcquire()).isTrue();

        clock.advance(Duration.ofMillis(99));
        assertThat(limiter.tryAcquire()).isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();

        clock.advance(Duration.ofMillis(350));
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void neverHoldsMoreThanTheBurstAfterALongIdle() {
        RateLimiter limiter = RateLimiter.of(100, 3, clock);

        clock.advance(Duration.ofHours(1));

        int granted = 0;
        while (limiter.tryAcquire()) {
            granted++;
        }
        assertThat(granted).isEqualTo(3);
    }

    @Test
    void nanosUntilPermitIsExact() {
        RateLimiter limiter = RateLimiter.of(4, 2, clock);
        assertThat(limiter.nanosUntilPermit()).isZero();
        limiter.tryAcquire();
        assertThat(limiter.nanosUntilPermit()).isZero();
        limiter.tryAcquire();

        assertThat(limiter.nanosUntilPermit()).isEqualTo(250_000_000L);
        clock.advance(Duration.ofMillis(100));
        assertThat(limiter.timeUntilNextPermit()).isEqualTo(Duration.ofMillis(150));
        clock.advanceNanos(150_000_000L - 1);
        assertThat(limiter.nanosUntilPermit()).isEqualTo(1);
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advanceNanos(1);
        assertThat(limiter.nanosUntilPermit()).isZero();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.nanosUntilPermit()).isEqualTo(250_000_000L);
    }

    @Test
    void severalPermitsAreTakenAllOrNothing() {
        RateLimiter limiter = RateLimiter.of(1, 5, clock);

        assertThat(limiter.tryAcquire(3)).isTrue();
        assertThat(limiter.tryAcquire(3)).isFalse();
        assertThat(limiter.tryAcquire(2)).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(limiter.tryAcquire(3)).isFalse();
        assertThat(limiter.tryAcquire(2)).isTrue();
    }

    @Test
    void askingForMorePermitsThanTheBurstIsRejected() {
        RateLimiter limiter = RateLimiter.of(1, 5, clock);

        assertThatThrownBy(() -> limiter.tryAcquire(6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits must be in [1, burst=5], was 6");
        assertThatThrownBy(() -> limiter.tryAcquire(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fractionalRatesRefillSlowly() {
        RateLimiter limiter = RateLimiter.of(0.5, 1, clock);
        assertThat(limiter.tryAcquire()).isTrue();

        assertThat(limiter.timeUntilNextPermit()).isEqualTo(Duration.ofSeconds(2));
        assertThat(limiter.permitsPerSecond()).isEqualTo(0.5);
        assertThat(limiter.burst()).isEqualTo(1);
    }

    @Test
    void badSettingsAreRejectedWithTheSettingAndTheRange() {
        assertThatThrownBy(() -> RateLimiter.of(0, 1, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permitsPerSecond must be in (0, 1.0E9], was 0.0");
        assertThatThrownBy(() -> RateLimiter.of(Double.NaN, 1, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permitsPerSecond must be in (0, 1.0E9], was NaN");
        assertThatThrownBy(() -> RateLimiter.of(10, 0, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("burst must be >= 1, was 0");
        assertThatThrownBy(() -> RateLimiter.of(1e-9, 10, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("burst / permitsPerSecond (the time to fill the bucket) must be <= ");
    }

    @Test
    void concurrentTakersNeverGetMoreThanTheBurstPlusTheRefill() throws Exception {
        double rate = 1000; // one permit per millisecond
        int burst = 20;
        RateLimiter limiter = RateLimiter.of(rate, burst, clock);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong granted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50_000; i++) {
                        if (limiter.tryAcquire()) {
                            granted.incrementAndGet();
                        }
                        if (i % 100 == id) {
                            clock.advance(Duration.ofMillis(1));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        long elapsedMillis = clock.elapsedNanos() / 1_000_000;
        assertThat(elapsedMillis).isEqualTo(threads * 500L);
        assertThat(granted.get()).isBetween((long) burst, burst + elapsedMillis);
    }
}
