package io.berth.pool;

import io.berth.resilience.CircuitBreaker;

/**
 * Events for everything a dashboard or a metrics binder needs. Methods are called synchronously on
 * the thread where the event happens (often a borrower's thread on the hot path), so they must be
 * quick and must not throw; an exception from a listener is logged and swallowed.
 *
 * <p>All durations are in nanoseconds. Wait and use times are measured only while at least one
 * listener is registered, so a pool without listeners reads no clock on its fast path.
 */
public interface PoolListener {

    /** A caller got a connection after waiting {@code waitNanos} (0 on the fast path). */
    default void onAcquired(String pool, long waitNanos) {}

    /** A lease was given back after being held {@code useNanos}. */
    default void onReleased(String pool, long useNanos) {}

    /** A new connection opened in {@code createNanos}. */
    default void onCreated(String pool, long createNanos) {}

    /** Opening a connection failed. */
    default void onCreateFailed(String pool, Throwable cause) {}

    /** The pool closed a connection. */
    default void onClosed(String pool, CloseReason reason) {}

    /** A caller gave up after {@code waitNanos} without a connection. */
    default void onAcquireTimedOut(String pool, long waitNanos) {}

    /** A caller was turned away at once: the queue was full, the pool closed, or the backend down. */
    default void onRejected(String pool, PoolException reason) {}

    /** A lease was held past the leak threshold; {@code acquiredAt} holds the borrower's stack. */
    default void onLeakSuspected(String pool, long heldNanos, Throwable acquiredAt) {}

    /** A lease earlier reported as a leak came back after {@code heldNanos}. */
    default void onLeakRecovered(String pool, long heldNanos) {}

    /** The connection-creation breaker changed state. */
    default void onBreakerStateChanged(String pool, CircuitBreaker.State from, CircuitBreaker.State to) {}
}
