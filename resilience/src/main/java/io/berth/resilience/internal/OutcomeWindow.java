package io.berth.resilience.internal;

/**
 * The outcomes of the last {@code size} calls, as a ring of booleans with running counts. Not thread-safe: the
 * circuit breaker guards it with its lock.
 */
final class OutcomeWindow {

    private final boolean[] failed;
    private int next; // slot the next outcome goes to
    private int calls; // outcomes held, at most failed.length
    private int failures; // failures among them

    OutcomeWindow(int size) {
        this.failed = new boolean[size];
    }

    void record(boolean failure) {
        if (calls == failed.length) {
            if (failed[next]) {
                failures--;
            }
        } else {
            calls++;
        }
        failed[next] = failure;
        if (failure) {
            failures++;
        }
        next = next + 1 == failed.length ? 0 : next + 1;
    }

    /** Whether at least {@code minimumCalls} are held and at least {@code thresholdPercent} of them failed. */
    boolean failureRateReached(int minimumCalls, double thresholdPercent) {
        return calls >= minimumCalls && failures * 100.0 >= thresholdPercent * calls;
    }

    void clear() {
        java.util.Arrays.fill(failed, false);
        next = 0;
        calls = 0;
        failures = 0;
    }
}
