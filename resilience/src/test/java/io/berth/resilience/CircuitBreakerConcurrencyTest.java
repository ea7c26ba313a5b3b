package io.berth.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.resilience.CircuitBreaker.State;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;

/** The circuit breaker under many threads; kept apart from {@link CircuitBreakerTest} to keep both short. */
class CircuitBreakerConcurrencyTest {

    private final FakeClock clock = new FakeClock();

    @RepeatedTest(5)
    void manyThreadsLeaveItConsistentAndAbleToClose() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of(
                "db",
                CircuitBreakerConfig.custom()
                        .consecutiveFailureThreshold(4)
                        .failureRateThreshold(40)
                        .slidingWindowSize(10)
                        .minimumNumberOfCalls(5)
                        .openBackoff(Backoff.exponential(Duration.ofMillis(1), 2.0, 0.0, Duration.ofMillis(8)))
                        .halfOpenMaxProbes(2)
                        .successesToClose(2)
                        .build(),
                clock);
        List<State[]> seen = new CopyOnWriteArrayList<>();
        AtomicInteger listenersRunning = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        breaker.addListener((b, from, to) -> {
            if (listenersRunning.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            seen.add(new State[] {from, to});
            listenersRunning.decrementAndGet();
        });
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(t);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        if (breaker.tryAcquire()) {
                            if (random.nextInt(100) < 35) {
                                breaker.onFailure(new IOException("refused"));
                            } else {
                                breaker.onSuccess();
                            }
                        }
                        if (random.nextInt(20) == 0) {
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

        assertThat(overlaps).as("listeners run one transition at a time").hasValue(0);
        assertThat(seen).isNotEmpty();
        State current = State.CLOSED;
        Set<String> kinds = new HashSet<>();
        for (State[] change : seen) {
            assertThat(change[0])
                    .as("each transition starts where the last ended")
                    .isEqualTo(current);
            String kind = change[0] + "->" + change[1];
            assertThat(kind).isIn("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "HALF_OPEN->CLOSED");
            kinds.add(kind);
            current = change[1];
        }
        assertThat(kinds).as("every kind of transition happened").hasSize(4);
        assertThat(breaker.state()).isEqualTo(current);

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 4 && breaker.state() != State.CLOSED; i++) {
            assertThat(breaker.tryAcquire())
                    .as("every granted call was reported, so a probe is free")
                    .isTrue();
            breaker.onSuccess();
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }
}
