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

class RetryBudgetTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void minRetriesPerSecondAllowsRetriesWithoutAnyRequests() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(10), 5, 0.0, clock);

        assertThat(budget.balance()).isEqualTo(50);
        assertThat(withdrawAll(budget)).isEqualTo(50);
        assertThat(budget.balance()).isZero();
        assertThat(budget.tryWithdraw()).isFalse();
    }

    @Test
    void percentCanRetryAllowsThatShareOfRequests() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(10), 0, 0.2, clock);
        assertThat(budget.tryWithdraw()).isFalse();

        deposit(budget, 100);

        assertThat(budget.balance()).isEqualTo(20);
        assertThat(withdrawAll(budget)).isEqualTo(20);
    }

    @Test
    void theFloorAndThePercentageAddUp() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(5), 2, 0.1, clock);

        deposit(budget, 55);

        assertThat(budget.balance()).isEqualTo(10 + 5);
    }

    @Test
    void percentagesAboveOneHundredLetEachRequestPayForSeveralRetries() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(1), 0, 2.5, clock);

        deposit(budget, 2);

        assertThat(withdrawAll(budget)).isEqualTo(5);
    }

    @Test
    void depositsExpireOneTtlAfterTheyWereMade() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(10), 0, 0.5, clock);
        deposit(budget, 10);

        clock.advanceNanos(Duration.ofSeconds(10).toNanos() - 1);
        assertThat(budget.balance()).isEqualTo(5);

        clock.advanceNanos(1);
        assertThat(budget.balance()).isZero();
        assertThat(budget.tryWithdraw()).isFalse();
    }

    @Test
    void depositsCountForAtLeastNineTenthsOfTheTtl() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(10), 0, 1.0, clock);
        clock.advanceNanos(Duration.ofSeconds(1).toNanos() - 1); // the very end of the first slice
        budget.deposit();

        clock.advance(Duration.ofSeconds(9));
        assertThat(budget.balance()).isEqualTo(1);

        clock.advanceNanos(1);
        assertThat(budget.balance()).isZero();
    }

    @Test
    void withdrawalsExpireAfterTheTtlAndTheFloorComesBack() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(2), 3, 0.0, clock);
        assertThat(withdrawAll(budget)).isEqualTo(6);

        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.tryWithdraw()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.balance()).isEqualTo(6);
        assertThat(withdrawAll(budget)).isEqualTo(6);
    }

    @Test
    void theWindowSlidesSliceBySlice() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(10), 0, 1.0, clock);
        for (int second = 0; second < 10; second++) {
            budget.deposit();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(budget.balance()).isEqualTo(9); // the deposit of second 0 has expired

        clock.advance(Duration.ofSeconds(4));
        assertThat(budget.balance()).isEqualTo(5);

        clock.advance(Duration.ofMinutes(5)); // long idle: across the clock's wrap, and many windows
        assertThat(budget.balance()).isZero();
        budget.deposit();
        assertThat(budget.balance()).isEqualTo(1);
    }

    @Test
    void balanceGoesNegativeWhileRetriesOutliveTheDepositsThatPaidForThem() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(10), 0, 1.0, clock);
        deposit(budget, 2);
        clock.advance(Duration.ofSeconds(9));
        assertThat(withdrawAll(budget)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));

        assertThat(budget.balance()).isEqualTo(-2);
        assertThat(budget.tryWithdraw()).isFalse();
        clock.advance(Duration.ofSeconds(9));
        assertThat(budget.balance()).isZero();
    }

    @Test
    void anEmptyBudgetNeverAllowsARetry() {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(1), 0, 0.0, clock);

        deposit(budget, 1000);

        assertThat(budget.tryWithdraw()).isFalse();
        assertThat(budget.balance()).isZero();
    }

    @Test
    void badSettingsAreRejectedWithTheSettingAndTheRange() {
        assertThatThrownBy(() -> RetryBudget.of(Duration.ofMillis(500), 1, 0.2, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be in [PT1S, PT1M], was PT0.5S");
        assertThatThrownBy(() -> RetryBudget.of(Duration.ofSeconds(61), 1, 0.2, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be in [PT1S, PT1M], was PT1M1S");
        assertThatThrownBy(() -> RetryBudget.of(Duration.ofSeconds(10), -1, 0.2, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minRetriesPerSecond must be >= 0, was -1");
        assertThatThrownBy(() -> RetryBudget.of(Duration.ofSeconds(10), 1, 10.5, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("percentCanRetry must be in [0.0, 10.0], was 10.5");
        assertThatThrownBy(() -> RetryBudget.of(Duration.ofSeconds(10), 1, Double.NaN, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("percentCanRetry must be in [0.0, 10.0], was NaN");
    }

    @Test
    void concurrentRetriesNeverOverdrawTheBudget() throws Exception {
        RetryBudget budget = RetryBudget.of(Duration.ofSeconds(10), 1, 0.1, clock);
        int threads = 8;
        int requestsPerThread = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong retries = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < requestsPerThread; i++) {
                        budget.deposit();
                        if (budget.tryWithdraw()) {
                            retries.incrementAndGet();
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

        long earned = 10 + threads * requestsPerThread / 10;
        assertThat(retries.get()).isLessThanOrEqualTo(earned);
        assertThat(retries.get() + budget.balance()).isEqualTo(earned);
    }

    private static void deposit(RetryBudget budget, int requests) {
        for (int i = 0; i < requests; i++) {
            budget.deposit();
        }
    }

    private static int withdrawAll(RetryBudget budget) {
        int withdrawn = 0;
        while (budget.tryWithdraw()) {
            withdrawn++;
        }
        return withdrawn;
    }
}
