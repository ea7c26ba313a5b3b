package io.berth.resilience.internal;

import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreaker;
import io.berth.resilience.CircuitBreakerConfig;
import io.berth.resilience.NanoClock;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link CircuitBreaker}: a three-state machine behind one lock, with lock-free reads on the hot paths.
 *
 * <p><b>Algorithm.</b> {@link #state} is volatile and written only under {@link #lock}. A CLOSED
 * {@link #tryAcquire()} reads it and returns; an OPEN one also reads {@link #openUntilNanos} and the clock, and
 * refuses while the interval lasts. Everything else (recording outcomes in the {@link OutcomeWindow} and the
 * consecutive-failure count, granting probes, transitions, drawing the next open delay from the backoff sequence)
 * happens under the lock, and transitions are handed to {@link StateChanges} for delivery after unlocking.
 *
 * <p><b>Invariants</b> (under the lock): {@code openUntilNanos} is written before {@code state} becomes OPEN, so a
 * reader that sees OPEN sees its interval. {@code outstandingProbes} and {@code probeSuccesses} are 0 outside
 * HALF_OPEN, and {@code outstandingProbes <= halfOpenMaxProbes}. The window and the consecutive count are cleared on
 * entering CLOSED, and recorded into only while CLOSED. The backoff sequence advances once per entry into OPEN and
 * is reset on entering CLOSED.
 *
 * <p><b>Caller duties.</b> See {@link CircuitBreaker}: one outcome per granted call.
 */
public final class StateMachineCircuitBreaker implements CircuitBreaker {

    private final String name;
    private final CircuitBreakerConfig config;
    private final NanoClock clock;
    private final StateChanges changes = new StateChanges(this);

    private final ReentrantLock lock = new ReentrantLock();
    private volatile State state = State.CLOSED; // written under lock
    private volatile long openUntilNanos; // written under lock; meaningful while OPEN
    private volatile Throwable lastFailure;

    // guarded by lock
    private final OutcomeWindow window;
    private final Backoff.Sequence openDelays;
    private int consecutiveFailures;
    private int outstandingProbes;
    private int probeSuccesses;

    public StateMachineCircuitBreaker(String name, CircuitBreakerConfig config, NanoClock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = new OutcomeWindow(config.slidingWindowSize());
        this.openDelays = config.openBackoff().newSequence();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CircuitBreakerConfig config() {
        return config;
    }

    @Override
    public boolean tryAcquire() {
        State s = state;
        if (s == State.CLOSED) {
            return true;
        }
        if (s == State.OPEN && clock.nanoTime() - openUntilNanos < 0) {
            return false;
        }
        boolean granted;
        boolean changed = false;
        lock.lock();
        try {
            switch (state) {
                case CLOSED -> granted = true;
                case OPEN -> {
                    granted = clock.nanoTime() - openUntilNanos >= 0;
                    if (granted) {
                        moveTo(State.HALF_OPEN);
                        outstandingProbes = 1;
                        changed = true;
                    }
                }
                case HALF_OPEN -> {
                    granted = outstandingProbes < config.halfOpenMaxProbes();
                    if (granted) {
                        outstandingProbes++;
                    }
                }
                default -> throw new AssertionError(state);
            }
        } finally {
            lock.unlock();
        }
        if (changed) {
            changes.deliver();
        }
        return granted;
    }

    @Override
    public void onSuccess() {
        boolean changed = false;
        lock.lock();
        try {
            switch (state) {
                case CLOSED -> {
                    consecutiveFailures = 0;
                    window.record(false);
                    if (failureRateReached()) {
                        open();
                        changed = true;
                    }
                }
                case OPEN -> {} // a call granted before the breaker opened; it proves nothing now
                case HALF_OPEN -> {
                    if (outstandingProbes > 0) {
                        outstandingProbes--;
                        if (++probeSuccesses >= config.successesToClose()) {
                            close();
                            changed = true;
                        }
                    }
                }
                default -> throw new AssertionError(state);
            }
        } finally {
            lock.unlock();
        }
        if (changed) {
            changes.deliver();
        }
    }

    @Override
    public void onFailure(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        boolean changed = false;
        lock.lock();
        try {
            lastFailure = cause;
            switch (state) {
                case CLOSED -> {
                    consecutiveFailures++;
                    window.record(true);
                    if (consecutiveFailures >= config.consecutiveFailureThreshold() || failureRateReached()) {
                        open();
                        changed = true;
                    }
                }
                case OPEN -> {} // a call granted before the breaker opened
                case HALF_OPEN -> {
                    if (outstandingProbes > 0) {
                        open();
                        changed = true;
                    }
                }
                default -> throw new AssertionError(state);
            }
        } finally {
            lock.unlock();
        }
        if (changed) {
            changes.deliver();
        }
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public long nanosUntilProbe() {
        if (state != State.OPEN) {
            return 0;
        }
        long left = openUntilNanos - clock.nanoTime();
        return left > 0 ? left : 0;
    }

    @Override
    public Throwable lastFailure() {
        return lastFailure;
    }

    @Override
    public void addListener(StateListener listener) {
        changes.addListener(listener);
    }

    @Override
    public void reset() {
        boolean changed;
        lock.lock();
        try {
            lastFailure = null;
            changed = state != State.CLOSED;
            close();
        } finally {
            lock.unlock();
        }
        if (changed) {
            changes.deliver();
        }
    }

    private boolean failureRateReached() {
        return window.failureRateReached(config.minimumNumberOfCalls(), config.failureRateThreshold());
    }

    /** Enters OPEN from CLOSED or HALF_OPEN, for the next delay of the backoff. Holds the lock. */
    private void open() {
        long delay = openDelays.nextDelayNanos();
        openUntilNanos = clock.nanoTime() + delay;
        outstandingProbes = 0;
        probeSuccesses = 0;
        moveTo(State.OPEN);
    }

    /** Enters (or stays in) CLOSED with a clean slate. Holds the lock. */
    private void close() {
        window.clear();
        consecutiveFailures = 0;
        outstandingProbes = 0;
        probeSuccesses = 0;
        openDelays.reset();
        if (state != State.CLOSED) {
            moveTo(State.CLOSED);
        }
    }

    private void moveTo(State to) {
        State from = state;
        state = to;
        changes.enqueue(from, to);
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + state + "]";
    }
}
