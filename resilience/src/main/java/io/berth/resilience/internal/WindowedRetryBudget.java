package io.berth.resilience.internal;

import io.berth.resilience.NanoClock;
import io.berth.resilience.RetryBudget;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A retry budget over a sliding window of ten slices, after Finagle's {@code WindowedAdder}.
 *
 * <p><b>Algorithm.</b> Time since construction is cut into slices of {@code ttl / 10}; slice {@code e} is kept in
 * {@code slots[e % 10]}. Amounts are fixed-point: one retry is {@link #SCALE} units, one request deposits
 * {@code percentCanRetry * SCALE}, one withdrawal takes {@code SCALE}. The balance is the constant reserve
 * ({@code minRetriesPerSecond * ttl}) plus the sum of the slots. On every access the window is moved to the current
 * slice, clearing the slots of slices that have dropped out; an amount recorded in slice {@code e} therefore counts
 * until slice {@code e + 10} begins, between 0.9 and 1.0 ttl after it was recorded.
 *
 * <p><b>Concurrency.</b> {@link #deposit()}, the one call per request, is lock-free while the slice is unchanged: it
 * bumps {@link #pendingDeposits}, a {@link LongAdder}. Everything else, including folding the pending deposits into
 * the current slot (always before the window moves on), holds {@link #lock}. A deposit that races a slice boundary
 * may be counted in the next slice, living a little longer; no deposit is ever lost or counted twice.
 * {@link #tryWithdraw()} checks and takes under the lock, so concurrent retries never overdraw the budget.
 *
 * <p><b>Invariants</b> (under the lock): {@code sum} equals the sum of {@code slots}; slots of slices older than
 * {@code currentSlice - 9} are zero.
 *
 * <p><b>Caller duties.</b> Deposit once per request and withdraw once per retry, before retrying.
 */
public final class WindowedRetryBudget implements RetryBudget {

    /** Fixed-point units per retry: deposits keep six decimal digits of {@code percentCanRetry}. */
    static final long SCALE = 1_000_000;

    private static final int SLICES = 10;
    private static final Duration MIN_TTL = Duration.ofSeconds(1);
    private static final Duration MAX_TTL = Duration.ofSeconds(60);

    private final NanoClock clock;
    private final Duration ttl;
    private final int minRetriesPerSecond;
    private final double percentCanRetry;
    private final long origin;
    private final long sliceNanos;
    private final long reserve;
    private final long depositAmount;

    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder pendingDeposits = new LongAdder(); // requests not yet folded into a slot
    private final long[] slots = new long[SLICES]; // guarded by lock
    private long sum; // guarded by lock
    private volatile long currentSlice; // written under lock

    private WindowedRetryBudget(Duration ttl, int minRetriesPerSecond, double percentCanRetry, NanoClock clock) {
        this.clock = clock;
        this.ttl = ttl;
        this.minRetriesPerSecond = minRetriesPerSecond;
        this.percentCanRetry = percentCanRetry;
        this.origin = clock.nanoTime();
        this.sliceNanos = ttl.toNanos() / SLICES;
        this.reserve = minRetriesPerSecond * (ttl.toNanos() * SCALE / 1_000_000_000L);
        this.depositAmount = Math.round(percentCanRetry * SCALE);
    }

    public static WindowedRetryBudget of(
            Duration ttl, int minRetriesPerSecond, double percentCanRetry, NanoClock clock) {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(clock, "clock");
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be in [" + MIN_TTL + ", " + MAX_TTL + "], was " + ttl);
        }
        Checks.atLeast("minRetriesPerSecond", minRetriesPerSecond, 0);
        Checks.inClosedRange("percentCanRetry", percentCanRetry, 0.0, 10.0);
        return new WindowedRetryBudget(ttl, minRetriesPerSecond, percentCanRetry, clock);
    }

    @Override
    public void deposit() {
        long slice = sliceAt(clock.nanoTime());
        if (slice == currentSlice) {
            pendingDeposits.increment();
            return;
        }
        lock.lock();
        try {
            advanceTo(slice);
            pendingDeposits.increment(); // folded into the current slot on the next access
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean tryWithdraw() {
        lock.lock();
        try {
            advanceTo(sliceAt(clock.nanoTime()));
            if (reserve + sum < SCALE) {
                return false;
            }
            slots[slotOf(currentSlice)] -= SCALE;
            sum -= SCALE;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long balance() {
        lock.lock();
        try {
            advanceTo(sliceAt(clock.nanoTime()));
            return Math.floorDiv(reserve + sum, SCALE);
        } finally {
            lock.unlock();
        }
    }

    /** Folds pending deposits into the current slot, then moves the window to {@code slice}. Holds the lock. */
    private void advanceTo(long slice) {
        long requests = pendingDeposits.sumThenReset();
        if (requests != 0) {
            slots[slotOf(currentSlice)] += requests * depositAmount;
            sum += requests * depositAmount;
        }
        long current = currentSlice;
        if (slice - current <= 0) {
            return; // the caller read the clock before another thread moved the window on
        }
        long expired = Math.min(slice - current, SLICES);
        for (long e = current + 1; e <= current + expired; e++) {
            int i = slotOf(e);
            sum -= slots[i];
            slots[i] = 0;
        }
        currentSlice = slice;
    }

    private long sliceAt(long nanoTime) {
        return Math.floorDiv(nanoTime - origin, sliceNanos);
    }

    private static int slotOf(long slice) {
        return (int) Math.floorMod(slice, SLICES);
    }

    @Override
    public String toString() {
        return "RetryBudget[ttl=" + ttl + ", minRetriesPerSecond=" + minRetriesPerSecond + ", percentCanRetry="
                + percentCanRetry + ", balance=" + balance() + "]";
    }
}
