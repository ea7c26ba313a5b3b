package io.berth.resilience;

import io.berth.resilience.internal.WindowedRetryBudget;
import java.time.Duration;

/**
 * Caps retries to a share of recent requests, so that retries cannot multiply the load on a backend that is
 * already failing (a retry storm). After Finagle's {@code RetryBudget}.
 *
 * <p>Every request {@link #deposit() deposits}; every retry must first {@link #tryWithdraw() withdraw}. The balance
 * is
 *
 * <pre>
 *   minRetriesPerSecond * ttl + percentCanRetry * (requests in the last ttl) - (retries in the last ttl)
 * </pre>
 *
 * so a quiet client can still retry at {@code minRetriesPerSecond}, and a busy one retries at most
 * {@code percentCanRetry} of its traffic. Deposits and withdrawals are forgotten after the ttl (between 0.9 and
 * 1.0 times it: the window moves in tenths). Thread-safe.
 */
public interface RetryBudget {

    /**
     * A budget.
     *
     * @param ttl how long deposits and withdrawals count, in {@code [1s, 60s]}
     * @param minRetriesPerSecond retries allowed per second even without requests, at least 0
     * @param percentCanRetry retries allowed per request, as a fraction in {@code [0.0, 10.0]}: 0.2 means 20 %
     * @throws IllegalArgumentException if a value is out of range
     */
    static RetryBudget of(Duration ttl, int minRetriesPerSecond, double percentCanRetry, NanoClock clock) {
        return WindowedRetryBudget.of(ttl, minRetriesPerSecond, percentCanRetry, clock);
    }

    /** Records one request (not a retry). */
    void deposit();

    /** Takes one retry from the budget; false, taking nothing, when the budget has less than one retry left. */
    boolean tryWithdraw();

    /**
     * Whole retries available now. It can be negative for a while when the deposits that paid for recent retries
     * expire before those retries do.
     */
    long balance();
}
