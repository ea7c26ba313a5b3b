package io.berth.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void remainingCountsDownWithTheClockAndStopsAtZero() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(2), clock);

        clock.advance(Duration.ofMillis(1500));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(500));
        assertThat(deadline.remainingNanos()).isEqualTo(500_000_000L);
        assertThat(deadline.isExpired()).isFalse();

        clock.advance(Duration.ofSeconds(10));
        assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
        assertThat(deadline.remainingNanos()).isZero();
        assertThat(deadline.isExpired()).isTrue();
    }

    @Test
    void expiresAtTheVeryNanosecondItFallsDue() {
        Deadline deadline = Deadline.after(Duration.ofNanos(100), clock);

        clock.advanceNanos(99);
        assertThat(deadline.isExpired()).isFalse();
        assertThat(deadline.remainingNanos()).isEqualTo(1);

        clock.advanceNanos(1);
        assertThat(deadline.isExpired()).isTrue();
        assertThat(deadline.remainingNanos()).isZero();
    }

    @Test
    void zeroOrNegativeTimeoutIsAlreadyExpired() {
        assertThat(Deadline.after(Duration.ZERO, clock).isExpired()).isTrue();
        Deadline negative = Deadline.after(Duration.ofSeconds(-5), clock);
        assertThat(negative.isExpired()).isTrue();
        assertThat(negative.remaining()).isEqualTo(Duration.ZERO);
        assertThat(negative.deadlineNanos()).isEqualTo(clock.nanoTime() - 5_000_000_000L);
    }

    @Test
    void deadlineNanosIsOnTheClocksTimeBase() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(60), clock);

        assertThat(deadline.deadlineNanos()).isEqualTo(FakeClock.START + 60_000_000_000L);
        clock.advance(Duration.ofSeconds(59)); // past long overflow: the clock has wrapped
        assertThat(clock.nanoTime()).isNegative();
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shrinkByGivesAnEarlierDeadlineForCleanupUpTheStack() {
        Deadline outer = Deadline.after(Duration.ofSeconds(5), clock);

        Deadline inner = outer.shrinkBy(Duration.ofMillis(200));

        assertThat(inner.remaining()).isEqualTo(Duration.ofMillis(4800));
        assertThat(inner).isLessThan(outer);
        assertThat(outer.remaining()).isEqualTo(Duration.ofSeconds(5));
        assertThat(outer.shrinkBy(Duration.ZERO)).isSameAs(outer);
        assertThat(outer.shrinkBy(Duration.ofSeconds(6)).isExpired()).isTrue();
    }

    @Test
    void shrinkByRejectsANegativeAmount() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), clock);

        assertThatThrownBy(() -> deadline.shrinkBy(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount must be >= PT0S, was PT-0.001S");
    }

    @Test
    void minIsTheEarlierOfTwoDeadlines() {
        Deadline early = Deadline.after(Duration.ofSeconds(1), clock);
        Deadline late = Deadline.after(Duration.ofSeconds(3), clock);

        assertThat(early.min(late)).isSameAs(early);
        assertThat(late.min(early)).isSameAs(early);
        assertThat(early.compareTo(late)).isNegative();
        assertThat(late.compareTo(early)).isPositive();
        assertThat(early.compareTo(Deadline.after(Duration.ofSeconds(1), clock)))
                .isZero();
    }

    @Test
    void noneNeverExpiresAndIsLaterThanAnyOtherDeadline() {
        Deadline none = Deadline.none(clock);
        Deadline far = Deadline.after(Duration.ofDays(365L * 100), clock);

        clock.advance(Duration.ofDays(365L * 200));

        assertThat(none.isExpired()).isFalse();
        assertThat(none.isBounded()).isFalse();
        assertThat(none.remainingNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(none.remaining()).isGreaterThan(Duration.ofDays(365L * 290));
        assertThat(far.isExpired()).isTrue();
        assertThat(none).isGreaterThan(far);
        assertThat(none.min(far)).isSameAs(far);
        assertThat(far.min(none)).isSameAs(far);
        assertThat(none.shrinkBy(Duration.ofDays(1))).isSameAs(none);
        assertThat(none).isEqualTo(Deadline.none(clock)).hasSameHashCodeAs(Deadline.none(clock));
        assertThat(none).hasToString("Deadline[none]");
    }

    @Test
    void veryLongTimeoutsDoNotOverflow() {
        Duration longest = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

        Deadline forever = Deadline.after(longest, clock);
        Deadline longAgo = Deadline.after(longest.negated(), clock);

        assertThat(forever.isExpired()).isFalse();
        assertThat(forever.remaining()).isEqualTo(Deadline.MAX_TIMEOUT);
        assertThat(forever.isBounded()).isTrue();
        assertThat(longAgo.isExpired()).isTrue();
        assertThat(longAgo).isLessThan(forever);
        clock.advance(Duration.ofDays(365L * 100));
        assertThat(forever.isExpired()).isFalse();
        assertThat(longAgo.isExpired()).isTrue();
        assertThat(longAgo.shrinkBy(longest).shrinkBy(longest).isExpired()).isTrue();
    }

    @Test
    void deadlinesOnDifferentClocksCannotBeCompared() {
        Deadline mine = Deadline.after(Duration.ofSeconds(1), clock);
        Deadline theirs = Deadline.after(Duration.ofSeconds(1), new FakeClock());

        assertThatThrownBy(() -> mine.min(theirs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different clocks");
        assertThat(mine).isNotEqualTo(theirs);
    }

    @Test
    void systemClockDeadlinesCompareWithEachOther() {
        Deadline soon = Deadline.after(Duration.ofMinutes(1));
        Deadline later = Deadline.after(Duration.ofMinutes(2));

        assertThat(soon.min(later)).isSameAs(soon);
        assertThat(soon.isExpired()).isFalse();
        assertThat(NanoClock.system()).isSameAs(NanoClock.system());
    }

    @Test
    void equalDeadlinesAreEqualAndPrintTheirRemainingTime() {
        Deadline a = Deadline.after(Duration.ofMillis(500), clock);
        Deadline b = Deadline.after(Duration.ofMillis(500), clock);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Deadline.after(Duration.ofMillis(501), clock));
        assertThat(a).hasToString("Deadline[remaining=PT0.5S]");
        clock.advance(Duration.ofSeconds(1));
        assertThat(a).hasToString("Deadline[remaining=PT0S]");
    }
}
