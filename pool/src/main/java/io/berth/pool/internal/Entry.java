package io.berth.pool.internal;

import io.berth.pool.CloseReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled connection and its state word.
 *
 * <p>The state is a single {@code long}: the low two bits are the code ({@link #IDLE}, {@link
 * #LEASED}, {@link #RESERVED}, {@link #REMOVED}) and the rest is a stamp that grows by one each
 * time the entry is lent. A lease remembers the stamp it was lent with, so returning it is a CAS
 * from exactly {@code leased(stamp)}: a second return, or a return after the entry was lent again,
 * fails the CAS and cannot touch the current borrower's lease.
 *
 * <p>Transitions: IDLE to LEASED by a borrower (CAS); IDLE to RESERVED by housekeeping or dispatch
 * (CAS); LEASED to IDLE by the returning holder (a release store: while the pool runs nobody else
 * moves a LEASED entry); LEASED to RESERVED by the holder (CAS) when it hands the entry to a waiter
 * or closes it; LEASED to REMOVED only by a drain past its deadline; RESERVED is owned by one
 * thread, which moves it on with a plain volatile write; REMOVED is final.
 */
final class Entry<C> extends EntryPadding.AfterState {
    static final int IDLE = 0;
    static final int LEASED = 1;
    static final int RESERVED = 2;
    static final int REMOVED = 3;

    private static final VarHandle STATE;
    private static final VarHandle LAST_USED;
    private static final VarHandle LEASED_AT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(EntryPadding.State.class, "state", long.class);
            LAST_USED = lookup.findVarHandle(Entry.class, "lastUsed", long.class);
            LEASED_AT = lookup.findVarHandle(Entry.class, "leasedAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final C connection;
    final long createdAt;
    /** When the lifetime ends; meaningless unless {@link #mortal}. */
    final long expiresAt;

    final boolean mortal;

    // Written by the owner with opaque stores (no fence on the hot path), read by housekeeping.
    private long lastUsed;
    private long leasedAt;
    // Owned by the current holder; read by housekeeping only after it saw the LEASED state.
    volatile Throwable acquiredAt;
    volatile boolean leakReported;
    volatile CloseReason retire;
    volatile long lastValidated;
    /** Coarse time from which a borrower must look closer (lifetime end, or validate-idle due). */
    private long checkAfter;
    /** Whether this lease's start was timed (a listener existed when it was lent). Owner-only. */
    boolean timedLease;

    /** {@code expiresAt} is ignored when {@code mortal} is false (no maxLifetime). */
    Entry(C connection, long createdAt, boolean mortal, long expiresAt) {
        this.connection = connection;
        this.createdAt = createdAt;
        this.mortal = mortal;
        this.expiresAt = expiresAt;
        this.lastUsed = createdAt;
        this.lastValidated = createdAt;
        STATE.setVolatile(this, reserved(0));
    }

    static long idle(long stamp) {
        return stamp << 2 | IDLE;
    }

    static long leased(long stamp) {
        return stamp << 2 | LEASED;
    }

    static long reserved(long stamp) {
        return stamp << 2 | RESERVED;
    }

    static long removed(long stamp) {
        return stamp << 2 | REMOVED;
    }

    static int code(long state) {
        return (int) (state & 3);
    }

    static long stamp(long state) {
        return state >>> 2;
    }

    /** Far enough ahead to mean "never", near enough that {@code now - x} cannot overflow. */
    private static final long FAR = 1L << 62;

    /**
     * Records a use at {@code now} (the coarse clock) and when the next borrower must check the
     * entry: at the end of its lifetime, or once it has been idle {@code validateIdleNanos}.
     * Owner-only: written before the CAS that publishes the entry.
     */
    void touched(long now, long validateIdleNanos) {
        lastUsed(now);
        long until = validateIdleNanos > 0 ? validateIdleNanos : FAR;
        if (mortal && expiresAt - now < until) {
            until = expiresAt - now;
        }
        checkAfter = now + until;
    }

    /** Whether a borrower must check the entry before use (see {@link #touched}). */
    boolean due(long now) {
        return now - checkAfter >= 0;
    }

    boolean expired(long now) {
        return mortal && now - expiresAt >= 0;
    }

    long state() {
        return (long) STATE.getVolatile(this);
    }

    void setState(long newState) {
        STATE.setVolatile(this, newState);
    }

    /** The holder publishes its LEASED entry IDLE again: a release store, no fence after it. */
    void publishIdle(long stamp) {
        STATE.setRelease(this, idle(stamp));
    }

    boolean cas(long expected, long next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** Claims an idle entry for a borrower; returns the new stamp, or -1 when not idle. */
    long tryLend() {
        long s = state();
        if (code(s) == IDLE && STATE.compareAndSet(this, s, leased(stamp(s) + 1))) {
            return stamp(s) + 1;
        }
        return -1;
    }

    /** Claims an idle entry for the pool itself (dispatch, housekeeping). */
    boolean tryReserve() {
        long s = state();
        return code(s) == IDLE && STATE.compareAndSet(this, s, reserved(stamp(s)));
    }

    long lastUsed() {
        return (long) LAST_USED.getOpaque(this);
    }

    void lastUsed(long nanos) {
        LAST_USED.setOpaque(this, nanos);
    }

    long leasedAt() {
        return (long) LEASED_AT.getOpaque(this);
    }

    void leasedAt(long nanos) {
        LEASED_AT.setOpaque(this, nanos);
    }

    @Override
    public String toString() {
        long s = state();
        return "Entry[" + connection + ", state=" + code(s) + "/" + stamp(s) + "]";
    }
}
