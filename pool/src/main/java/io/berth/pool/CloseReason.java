package io.berth.pool;

/** Why the pool closed a connection. */
public enum CloseReason {
    /** Older than {@code maxLifetime} (plus its jitter). */
    LIFETIME,
    /** Idle longer than {@code idleTimeout} while the pool held more than {@code minIdle}. */
    IDLE_TIMEOUT,
    /** Validation on borrow or keepalive said it no longer works. */
    VALIDATION_FAILED,
    /** The connector's reset threw when it was returned. */
    RESET_FAILED,
    /** The borrower called {@link Lease#invalidate()}. */
    INVALIDATED,
    /** The pool was shrunk below its current size. */
    RESIZED,
    /** Evicted by {@link Pool#evictAll()} (for example after a credential rotation). */
    EVICTED,
    /** Closed to make room for another key of a {@link KeyedPool} under the global cap. */
    MADE_ROOM,
    /** The pool was closed or drained. */
    POOL_CLOSED
}
