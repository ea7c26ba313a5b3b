package io.berth.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.resilience.CircuitBreaker.State;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Backoff DOUBLING = Backoff.exponential(Duration.ofSeconds(1), 2.0, 0.0, Duration.ofSeconds(8));

    private final FakeClock clock = new FakeClock();
    private final List<String> transitions = new CopyOnWriteArrayList<>();

    private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
        CircuitBreaker breaker = CircuitBreaker.of("db-primary", config.build(), clock);
        breaker.addListener((b, from, to) -> transitions.add(from + "->" + to));
        return breaker;
    }

    /** Only the consecutive rule can open it. */
    private static CircuitBreakerConfig.Builder consecutive(int failures) {
        return CircuitBreakerConfig.custom()
                .consecutiveFailureThreshold(failures)
                .failureRateThreshold(100)
                .slidingWindowSize(100)
                .minimumNumberOfCalls(100)
                .openBackoff(DOUBLING);
    }

    /** Only the rate rule can open it. */
    private static CircuitBreakerConfig.Builder rate(double percent, int window, int minimumCalls) {
        return CircuitBreakerConfig.custom()
                .consecutiveFailureThreshold(1000)
                .failureRateThreshold(percent)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls)
                .openBackoff(DOUBLING);
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure(new IOException("connection refused " + i));
        }
    }

    private static void succeed(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onSuccess();
        }
    }

    @Test
    void opensAfterConsecutiveFailures() {
        CircuitBreaker breaker = breaker(consecutive(3));

        fail(breaker, 2);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("CLOSED->OPEN");
    }

    @Test
    void aSuccessBreaksTheRunOfFailures() {
        CircuitBreaker breaker = breaker(consecutive(3));

        fail(breaker, 2);
        succeed(breaker, 1);
        fail(breaker, 2);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void opensWhenTheFailureRateReachesTheThreshold() {
        CircuitBreaker breaker = breaker(rate(50, 10, 10));

        for (int i = 0; i < 4; i++) {
            succeed(breaker, 1);
            fail(breaker, 1);
        }
        succeed(breaker, 1);
        assertThat(breaker.state()).as("4 of 9 failed").isEqualTo(State.CLOSED);

        fail(breaker, 1);
        assertThat(breaker.state()).as("5 of 10 failed").isEqualTo(State.OPEN);
    }

    @Test
    void theRateRuleWaitsForTheMinimumNumberOfCalls() {
        CircuitBreaker breaker = breaker(rate(50, 10, 5));

        fail(breaker, 4);
        assertThat(breaker.state()).as("100 %% of 4 calls").isEqualTo(State.CLOSED);

        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void theFailureRateIsTakenOverTheLatestCallsOnly() {
        CircuitBreaker breaker = breaker(rate(60, 4, 4));

        fail(breaker, 2);
        succeed(breaker, 4); // the two failures leave the window
        fail(breaker, 2);
        assertThat(breaker.state()).as("2 of the last 4 failed").isEqualTo(State.CLOSED);

        fail(breaker, 1);
        assertThat(breaker.state()).as("3 of the last 4 failed").isEqualTo(State.OPEN);
    }

    @Test
    void anOpenBreakerRefusesAtOnceAndRemembersTheCause() {
        CircuitBreaker breaker = breaker(consecutive(1));
        IOException cause = new IOException("FATAL: too many connections");

        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure(cause);

        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.lastFailure()).isSameAs(cause);
        assertThat(breaker.nanosUntilProbe()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void afterTheOpenIntervalTheNextCallIsGrantedAsAProbe() {
        CircuitBreaker breaker = breaker(consecutive(1));
        fail(breaker, 1);

        clock.advanceNanos(Duration.ofSeconds(1).toNanos() - 1);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.nanosUntilProbe()).isEqualTo(1);

        clock.advanceNanos(1);
        assertThat(breaker.state()).as("state() does not move it").isEqualTo(State.OPEN);
        assertThat(breaker.nanosUntilProbe()).isZero();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.nanosUntilProbe()).isZero();
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
    }

    @Test
    void aFailedProbeReopensForALongerInterval() {
        CircuitBreaker breaker = breaker(consecutive(1));
        fail(breaker, 1);
        assertThat(breaker.nanosUntilProbe()).isEqualTo(Duration.ofSeconds(1).toNanos());

        List<Long> intervals = new ArrayList<>();
        for (int probe = 0; probe < 4; probe++) {
            clock.advanceNanos(breaker.nanosUntilProbe());
            fail(breaker, 1);
            assertThat(breaker.state()).isEqualTo(State.OPEN);
            intervals.add(breaker.nanosUntilProbe() / 1_000_000_000L);
        }

        assertThat(intervals).containsExactly(2L, 4L, 8L, 8L);
    }

    @Test
    void halfOpenLetsThroughAtMostTheConfiguredNumberOfProbes() {
        CircuitBreaker breaker = breaker(consecutive(1).halfOpenMaxProbes(2).successesToClose(3));
        fail(breaker, 1);
        clock.advance(Duration.ofSeconds(1));

        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();

        breaker.onSuccess(); // frees one probe slot, not yet enough to close
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void closesAfterEnoughProbeSuccessesWithAClearWindowAndAFreshBackoff() {
        CircuitBreaker breaker = breaker(consecutive(2).successesToClose(2));
        fail(breaker, 2);
        clock.advance(Duration.ofSeconds(1));
        fail(breaker, 1); // a failed probe: the next interval is 2 s
        clock.advance(Duration.ofSeconds(2));

        succeed(breaker, 1);
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        succeed(breaker, 1);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        fail(breaker, 1);
        assertThat(breaker.state()).as("the run of failures started again").isEqualTo(State.CLOSED);
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.nanosUntilProbe()).as("back to the first delay").isEqualTo(1_000_000_000L);
    }

    @Test
    void listenersSeeEveryTransitionInOrder() {
        CircuitBreaker breaker = breaker(consecutive(1));
        List<String> second = new ArrayList<>();
        breaker.addListener((b, from, to) -> {
            assertThat(b).isSameAs(breaker);
            assertThat(b.state()).isEqualTo(to);
            second.add(from + "->" + to);
        });

        fail(breaker, 1);
        clock.advance(Duration.ofSeconds(1));
        fail(breaker, 1);
        clock.advance(Duration.ofSeconds(2));
        succeed(breaker, 1);
        fail(breaker, 1);
        breaker.reset();
        breaker.reset(); // already closed: no transition

        List<String> expected = List.of(
                "CLOSED->OPEN",
                "OPEN->HALF_OPEN",
                "HALF_OPEN->OPEN",
                "OPEN->HALF_OPEN",
                "HALF_OPEN->CLOSED",
                "CLOSED->OPEN",
                "OPEN->CLOSED");
        assertThat(transitions).containsExactlyElementsOf(expected);
        assertThat(second).containsExactlyElementsOf(expected);
    }

    @Test
    void aListenerMayCallTheBreakerAndItsTransitionsFollowInOrder() {
        CircuitBreaker breaker = breaker(consecutive(1));
        breaker.addListener((b, from, to) -> {
            if (to == State.OPEN) {
                b.reset();
            }
        });

        fail(breaker, 1);

        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->CLOSED");
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersOrTheBreaker() {
        CircuitBreaker breaker = CircuitBreaker.of("db", consecutive(1).build(), clock);
        breaker.addListener((b, from, to) -> {
            throw new IllegalStateException("listener bug (expected by this test)");
        });
        breaker.addListener((b, from, to) -> transitions.add(from + "->" + to));

        fail(breaker, 1); // logs a warning with the listener's exception, which is expected here

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("CLOSED->OPEN");
    }

    @Test
    void outcomesReportedWhileOpenChangeNothingButTheLastFailure() {
        CircuitBreaker breaker = breaker(consecutive(1));
        assertThat(breaker.tryAcquire()).isTrue(); // a slow call, granted while closed
        fail(breaker, 1);
        IOException late = new IOException("late");

        breaker.onFailure(late);
        breaker.onSuccess();

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.lastFailure()).isSameAs(late);
        assertThat(breaker.nanosUntilProbe()).isEqualTo(1_000_000_000L);
        assertThat(transitions).containsExactly("CLOSED->OPEN");
    }

    @Test
    void resetForcesClosedAndForgetsEverything() {
        CircuitBreaker breaker = breaker(consecutive(2));
        fail(breaker, 1);
        assertThat(breaker.lastFailure()).isNotNull();
        breaker.reset();
        fail(breaker, 1);
        assertThat(breaker.state()).as("the earlier failure was forgotten").isEqualTo(State.CLOSED);
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        breaker.reset();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.lastFailure()).isNull();
        assertThat(breaker.nanosUntilProbe()).isZero();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->CLOSED");
    }

    @Test
    void resetFreesProbesThatWereNeverReported() {
        CircuitBreaker breaker = breaker(consecutive(1));
        fail(breaker, 1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire()).isTrue(); // a probe that is never reported
        assertThat(breaker.tryAcquire()).isFalse();

        breaker.reset();

        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void knowsItsNameAndConfigAndRejectsANullCause() {
        CircuitBreakerConfig config = CircuitBreakerConfig.ofDefaults();
        CircuitBreaker breaker = CircuitBreaker.of("replica-2", config, clock);

        assertThat(breaker.name()).isEqualTo("replica-2");
        assertThat(breaker.config()).isSameAs(config);
        assertThat(breaker).hasToString("CircuitBreaker[replica-2, CLOSED]");
        assertThatThrownBy(() -> breaker.onFailure(null)).isInstanceOf(NullPointerException.class);
    }
}
