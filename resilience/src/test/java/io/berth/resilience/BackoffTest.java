package io.berth.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final int SEQUENCES = 500;
    private static final int ATTEMPTS = 24;

    @Test
    void fullJitterDelaysStayBetweenZeroAndTheDoublingCeiling() {
        Duration base = Duration.ofMillis(100);
        Duration cap = Duration.ofSeconds(10);
        Backoff backoff = Backoff.exponentialFullJitter(base, cap).withRandom(new Random(42));
        long[] largest = new long[ATTEMPTS];
        for (int s = 0; s < SEQUENCES; s++) {
            Backoff.Sequence sequence = backoff.newSequence();
            for (int n = 0; n < ATTEMPTS; n++) {
                long ceiling = Math.min(cap.toNanos(), base.toNanos() << Math.min(n, 30));
                long delay = sequence.nextDelayNanos();
                assertThat(delay).as("attempt %d", n).isBetween(0L, ceiling);
                largest[n] = Math.max(largest[n], delay);
            }
        }
        for (int n = 0; n < ATTEMPTS; n++) {
            long ceiling = Math.min(cap.toNanos(), base.toNanos() << Math.min(n, 30));
            assertThat(largest[n]).as("largest delay of attempt %d", n).isGreaterThan(ceiling * 9 / 10);
        }
    }

    @Test
    void decorrelatedJitterStaysBetweenBaseAndThreeTimesThePreviousDelayUnderTheCap() {
        long base = Duration.ofMillis(50).toNanos();
        long cap = Duration.ofSeconds(5).toNanos();
        Backoff backoff = Backoff.decorrelatedJitter(Duration.ofNanos(base), Duration.ofNanos(cap))
                .withRandom(new Random(7));
        boolean reachedCap = false;
        for (int s = 0; s < SEQUENCES; s++) {
            Backoff.Sequence sequence = backoff.newSequence();
            long previous = base;
            for (int n = 0; n < ATTEMPTS; n++) {
                long delay = sequence.nextDelayNanos();
                assertThat(delay).as("attempt %d", n).isBetween(base, Math.min(cap, previous * 3));
                reachedCap |= delay == cap;
                previous = delay;
            }
        }
        assertThat(reachedCap).as("some sequence reached the cap").isTrue();
    }

    @Test
    void exponentialWithoutJitterGrowsByTheMultiplierUntilTheCap() {
        Backoff.Sequence sequence = Backoff.exponential(Duration.ofMillis(100), 2.0, 0.0, Duration.ofSeconds(1))
                .newSequence();

        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(sequence.nextDelay());
        }

        assertThat(delays)
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        assertThat(sequence.attempts()).isEqualTo(6);
    }

    @Test
    void exponentialJitterStaysWithinItsBandAroundTheCappedDelay() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(10), 3.0, 0.5, Duration.ofSeconds(2))
                .withRandom(new Random(3));
        for (int s = 0; s < SEQUENCES; s++) {
            Backoff.Sequence sequence = backoff.newSequence();
            for (int n = 0; n < ATTEMPTS; n++) {
                double nominal = Math.min(2e9, 1e7 * Math.pow(3.0, n));
                assertThat((double) sequence.nextDelayNanos())
                        .as("attempt %d", n)
                        .isBetween(nominal * 0.5 - 1, nominal * 1.5 + 1);
            }
        }
    }

    @Test
    void grpcDelaysStayWithinTwentyPercentOfTheCappedExponential() {
        Backoff backoff = Backoff.grpc().withRandom(new Random(2024));
        double[] lowest = new double[ATTEMPTS];
        double[] highest = new double[ATTEMPTS];
        java.util.Arrays.fill(lowest, Double.MAX_VALUE);
        for (int s = 0; s < SEQUENCES; s++) {
            Backoff.Sequence sequence = backoff.newSequence();
            for (int n = 0; n < ATTEMPTS; n++) {
                double nominal = Math.min(120e9, 1e9 * Math.pow(1.6, n));
                double ratio = sequence.nextDelayNanos() / nominal;
                assertThat(ratio).as("attempt %d", n).isBetween(0.8 - 1e-9, 1.2 + 1e-9);
                lowest[n] = Math.min(lowest[n], ratio);
                highest[n] = Math.max(highest[n], ratio);
            }
        }
        for (int n = 0; n < ATTEMPTS; n++) {
            assertThat(lowest[n]).as("lowest ratio of attempt %d", n).isLessThan(0.82);
            assertThat(highest[n]).as("highest ratio of attempt %d", n).isGreaterThan(1.18);
        }
    }

    @Test
    void grpcStartsAtOneSecondAndIsCappedAtTwoMinutes() {
        Backoff.Sequence sequence = Backoff.grpc().withRandom(new Random(1)).newSequence();

        long first = sequence.nextDelayNanos();
        for (int i = 1; i < 40; i++) {
            sequence.nextDelayNanos();
        }
        long late = sequence.nextDelayNanos();

        assertThat(first).isBetween(800_000_000L, 1_200_000_000L);
        assertThat(late).isBetween(96_000_000_000L, 144_000_000_000L);
    }

    @Test
    void fixedBackoffAlwaysGivesTheSameDelayAndCountsAttempts() {
        Backoff.Sequence sequence = Backoff.fixed(Duration.ofMillis(250)).newSequence();

        assertThat(sequence.nextDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(sequence.nextDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(sequence.attempts()).isEqualTo(2);
        assertThat(Backoff.fixed(Duration.ZERO).newSequence().nextDelayNanos()).isZero();
    }

    @Test
    void resetStartsEverySeriesAgainFromTheFirstDelay() {
        Duration small = Duration.ofMillis(1);
        List<Backoff> backoffs = List.of(
                Backoff.exponential(small, 2.0, 0.0, Duration.ofSeconds(1)),
                Backoff.exponentialFullJitter(small, Duration.ofSeconds(1)),
                Backoff.decorrelatedJitter(small, Duration.ofSeconds(1)),
                Backoff.grpc(),
                Backoff.fixed(small));
        for (Backoff backoff : backoffs) {
            Backoff.Sequence sequence = backoff.withRandom(new Random(5)).newSequence();
            for (int i = 0; i < 30; i++) {
                sequence.nextDelayNanos();
            }
            assertThat(sequence.attempts()).as("%s", backoff).isEqualTo(30);

            sequence.reset();

            assertThat(sequence.attempts()).as("%s", backoff).isZero();
            long first = sequence.nextDelayNanos();
            long firstCeiling = backoff == backoffs.get(2) ? 3 * small.toNanos() : small.toNanos();
            if (backoff == backoffs.get(3)) {
                assertThat(first).as("%s", backoff).isBetween(800_000_000L, 1_200_000_000L);
            } else {
                assertThat(first).as("%s", backoff).isBetween(0L, firstCeiling);
            }
            assertThat(sequence.attempts()).isEqualTo(1);
        }
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        Backoff.Sequence a = Backoff.grpc().withRandom(new Random(99)).newSequence();
        Backoff.Sequence b = Backoff.grpc().withRandom(new Random(99)).newSequence();

        for (int i = 0; i < 20; i++) {
            assertThat(a.nextDelayNanos()).isEqualTo(b.nextDelayNanos());
        }
    }

    @Test
    void sequencesOfOnePolicyAreIndependent() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(10), 2.0, 0.0, Duration.ofSeconds(1));
        Backoff.Sequence first = backoff.newSequence();
        first.nextDelayNanos();
        first.nextDelayNanos();

        Backoff.Sequence second = backoff.newSequence();

        assertThat(second.nextDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(first.nextDelay()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void badSettingsAreRejectedWithTheSettingAndTheRange() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> Backoff.exponential(second, 2.0, 1.0, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jitter must be in [0.0, 1.0), was 1.0");
        assertThatThrownBy(() -> Backoff.exponential(second, 0.5, 0.0, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("multiplier must be finite and >= 1.0, was 0.5");
        assertThatThrownBy(() -> Backoff.exponential(second, Double.NaN, 0.0, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, 2.0, 0.0, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("initial must be in (PT0S, ")
                .hasMessageEndingWith("], was PT0S");
        assertThatThrownBy(() -> Backoff.exponentialFullJitter(second, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cap must be >= base (PT1S), was PT0.5S");
        assertThatThrownBy(() -> Backoff.decorrelatedJitter(Duration.ofMillis(-1), second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("base must be in (PT0S, ");
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("delay must be in [PT0S, ")
                .hasMessageEndingWith("], was PT-0.001S");
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("delay must be in ");
    }

    @Test
    void hugeCapsSaturateInsteadOfOverflowing() {
        Duration huge = Duration.ofNanos(Long.MAX_VALUE);
        Backoff.Sequence exponential = Backoff.exponential(Duration.ofSeconds(1), 10.0, 0.5, huge)
                .withRandom(new Random(1))
                .newSequence();
        Backoff.Sequence fullJitter = Backoff.exponentialFullJitter(Duration.ofSeconds(1), huge)
                .withRandom(new Random(1))
                .newSequence();
        Backoff.Sequence decorrelated = Backoff.decorrelatedJitter(Duration.ofSeconds(1), huge)
                .withRandom(new Random(1))
                .newSequence();

        for (int i = 0; i < 200; i++) {
            assertThat(exponential.nextDelayNanos()).isNotNegative();
            assertThat(fullJitter.nextDelayNanos()).isNotNegative();
            assertThat(decorrelated.nextDelayNanos()).isNotNegative();
        }
    }
}
