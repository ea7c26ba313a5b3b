package io.berth.pool.internal;

import io.berth.pool.CloseReason;
import io.berth.pool.PoolException;
import io.berth.pool.PoolListener;
import io.berth.resilience.CircuitBreaker;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A listener that forwards to several, isolating the pool from their exceptions. */
final class Listeners implements PoolListener {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    static final PoolListener NONE = new PoolListener() {};

    private final PoolListener[] all;

    private Listeners(PoolListener[] all) {
        this.all = all;
    }

    static PoolListener of(PoolListener first) {
        return first == null ? NONE : new Listeners(new PoolListener[] {first});
    }

    static PoolListener and(PoolListener current, PoolListener added) {
        if (current == NONE || !(current instanceof Listeners l)) {
            return of(added);
        }
        PoolListener[] more = Arrays.copyOf(l.all, l.all.length + 1);
        more[l.all.length] = added;
        return new Listeners(more);
    }

    private static void failed(PoolListener l, RuntimeException e) {
        log.warn("listener {} threw; ignoring it for this event", l, e);
    }

    @Override
    public void onAcquired(String pool, long waitNanos) {
        for (PoolListener l : all) {
            try {
                l.onAcquired(pool, waitNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void onReleased(String pool, long useNanos) {
        for (PoolListener l : all) {
            try {
                l.onReleased(pool, useNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void onCreated(String pool, long createNanos) {
        for (PoolListener l : all) {
            try {
                l.onCreated(pool, createNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void onCreateFailed(String pool, Throwable cause) {
        for (PoolListener l : all) {
            try {
                l.onCreateFailed(pool, cause);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void onClosed(String pool, CloseReason reason) {
        for (PoolListener l : all) {
            try {
                l.onClosed(pool, reason);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void onAcquireTimedOut(String pool, long waitNanos) {
        for (PoolListener l : all) {
            try {
                l.onAcquireTimedOut(pool, waitNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void onRejected(String pool, PoolException reason) {
        for (PoolListener l : all) {
            try {
                l.onRejected(pool, reason);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void onLeakSuspected(String pool, long heldNanos, Throwable acquiredAt) {
        for (PoolListener l : all) {
            try {
                l.onLeakSuspected(pool, heldNanos, acquiredAt);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void onLeakRecovered(String pool, long heldNanos) {
        for (PoolListener l : all) {
            try {
                l.onLeakRecovered(pool, heldNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void onBreakerStateChanged(String pool, CircuitBreaker.State from, CircuitBreaker.State to) {
        for (PoolListener l : all) {
            try {
                l.onBreakerStateChanged(pool, from, to);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }
}
