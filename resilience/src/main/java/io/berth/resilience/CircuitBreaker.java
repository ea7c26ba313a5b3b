package io.berth.resilience;

import io.berth.resilience.internal.StateMachineCircuitBreaker;

/**
 * Fails fast while a backend is down, and probes it until it answers. Meant for connection establishment: ask
 * {@link #tryAcquire()} before connecting, then report the outcome with {@link #onSuccess()} or
 * {@link #onFailure(Throwable)}.
 *
 * <pre>
 *            failures reach a threshold                    open interval elapsed (in tryAcquire)
 *   CLOSED  ----------------------------&gt;  OPEN  -------------------------------------------&gt;  HALF_OPEN
 *     ^                                      ^                                                    |  |
 *     |                                      +-------------- a probe fails (longer interval) -----+  |
 *     +------------------------------- successesToClose probes succeed ------------------------------+
 * </pre>
 *
 * <p>While CLOSED, every call is let through; the breaker opens after {@code consecutiveFailureThreshold} failures
 * in a row, or when at least {@code failureRateThreshold} percent of the last {@code slidingWindowSize} calls failed
 * (judged only once the window holds {@code minimumNumberOfCalls}; judged after each recorded call). While OPEN,
 * {@link #tryAcquire()} refuses at once until the open interval, the next delay of
 * {@link CircuitBreakerConfig#openBackoff()}, has elapsed; the first {@code tryAcquire} after that moves the breaker
 * to HALF_OPEN and is granted as a probe. While HALF_OPEN at most {@code halfOpenMaxProbes} probes are outstanding;
 * one probe failure reopens with a longer interval, and {@code successesToClose} probe successes close the breaker,
 * clearing the window and resetting the backoff.
 *
 * <p><b>Lazy transition.</b> The breaker leaves OPEN only in {@link #tryAcquire()}. {@link #state()} is a plain read
 * that never changes the state: it keeps answering OPEN after the interval has elapsed, and then
 * {@link #nanosUntilProbe()} is 0, meaning the next {@code tryAcquire} will probe. So a metrics thread polling
 * {@code state()} never causes transitions or listener calls.
 *
 * <p><b>Thread safety.</b> All methods are thread-safe. In CLOSED, {@code tryAcquire} is one volatile read; OPEN
 * refusals are a volatile read and a clock read. Recording outcomes and transitions take a short lock.
 *
 * <p><b>Caller duties.</b> Report exactly one outcome for each granted call, even when the call is abandoned
 * (report that as a failure): HALF_OPEN waits for outstanding probes, and a probe never reported keeps its slot
 * until the breaker is {@link #reset()}. Do not report calls that were refused. Outcomes are not tied to their
 * grants, so the outcome of a call granted before a transition may count in the new state: in OPEN it is ignored
 * (only {@link #lastFailure()} is kept), in HALF_OPEN it counts as a probe's while probes are outstanding.
 */
public interface CircuitBreaker {

    /** The breaker's state. */
    enum State {
        /** Calls flow; outcomes are counted. */
        CLOSED,
        /** Calls are refused at once until the open interval elapses. */
        OPEN,
        /** A limited number of probe calls decide between CLOSED and OPEN. */
        HALF_OPEN
    }

    /** A breaker named {@code name} (used in messages and by listeners), closed, timed by {@code clock}. */
    static CircuitBreaker of(String name, CircuitBreakerConfig config, NanoClock clock) {
        return new StateMachineCircuitBreaker(name, config, clock);
    }

    /** The name given at creation. */
    String name();

    /** The config given at creation. */
    CircuitBreakerConfig config();

    /**
     * Asks to make a call. CLOSED: true. OPEN: false at once, unless the open interval has elapsed, in which case
     * the breaker moves to HALF_OPEN and this call is granted as a probe. HALF_OPEN: true while fewer than
     * {@code halfOpenMaxProbes} probes are outstanding.
     */
    boolean tryAcquire();

    /** Records that a granted call succeeded. */
    void onSuccess();

    /** Records that a granted call failed with {@code cause} (not null), and remembers the cause. */
    void onFailure(Throwable cause);

    /** The current state; a plain read (see the class comment on the lazy OPEN to HALF_OPEN transition). */
    State state();

    /** Nanoseconds left in the open interval; 0 unless OPEN, and 0 once the next {@code tryAcquire} will probe. */
    long nanosUntilProbe();

    /** The cause last given to {@link #onFailure}, in any state; null if none since creation or {@link #reset()}. */
    Throwable lastFailure();

    /**
     * Adds a listener called on every transition (including those made by {@link #reset()}). Listeners are called
     * synchronously, outside of the breaker's lock, in the order the transitions happened, by the thread that made
     * the transition or by another thread that is delivering earlier transitions at the same time. A listener may
     * call the breaker. An exception from a listener is logged and does not stop the others.
     */
    void addListener(StateListener listener);

    /** Forces CLOSED: clears the window, the counters, outstanding probes, the backoff and {@link #lastFailure()}. */
    void reset();

    /** Observes transitions. */
    @FunctionalInterface
    interface StateListener {
        /** Called once per transition from {@code from} to {@code to} (never equal). */
        void onStateChange(CircuitBreaker breaker, State from, State to);
    }
}
