package io.berth.resilience.internal;

import io.berth.resilience.CircuitBreaker;
import io.berth.resilience.CircuitBreaker.State;
import io.berth.resilience.CircuitBreaker.StateListener;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers a breaker's transitions to its listeners in the order they happened, outside of the breaker's lock.
 *
 * <p><b>Algorithm.</b> The breaker {@link #enqueue enqueues} each transition while it still holds its lock, so the
 * queue's order is the order of the transitions. After unlocking it calls {@link #deliver()}. Delivery is
 * serialised by a work-in-progress counter: the thread that raises it from 0 drains the queue, and keeps draining
 * until no other thread has enqueued meanwhile; a thread that finds delivery under way leaves its transition to the
 * draining thread. So listeners run one transition at a time, in order, never under the breaker's lock, and may
 * call the breaker (a transition they cause is delivered by the same loop, after the current one). A
 * {@link RuntimeException} from a listener is logged; an {@link Error} propagates to the delivering thread, and the
 * remaining transitions are delivered by the next thread that makes one.
 *
 * <p><b>Caller duties.</b> Enqueue under the breaker's lock; call {@link #deliver()} after releasing it.
 */
final class StateChanges {

    private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

    private record Change(State from, State to) {}

    private final CircuitBreaker breaker;
    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Change> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();

    StateChanges(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    void addListener(StateListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Records a transition; call under the breaker's lock. */
    void enqueue(State from, State to) {
        pending.add(new Change(from, to));
    }

    /** Delivers pending transitions, unless another thread is already doing so; call outside the lock. */
    void deliver() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        try {
            do {
                Change change;
                while ((change = pending.poll()) != null) {
                    notifyListeners(change);
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        } catch (Error e) {
            wip.set(0); // let the next transition deliver what is left, rather than stall delivery forever
            throw e;
        }
    }

    private void notifyListeners(Change change) {
        for (StateListener listener : listeners) {
            try {
                listener.onStateChange(breaker, change.from(), change.to());
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> "circuit breaker " + breaker.name() + ": listener " + listener + " failed on "
                                + change.from() + " -> " + change.to(),
                        e);
            }
        }
    }
}
