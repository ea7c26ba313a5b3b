package io.berth.micrometer;

import io.berth.pool.CloseReason;
import io.berth.pool.PoolException;
import io.berth.pool.PoolListener;
import io.berth.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Feeds one pool's timers and counters from its events. Every meter is registered up front (one
 * counter per close reason and per breaker state, indexed by ordinal), so an event is a single
 * record or increment: no lookup, no tag building, no allocation on the borrow and return paths.
 * The pool-name argument of each event is ignored: a listener serves exactly one pool.
 */
final class MeteringListener implements PoolListener {
    private final Timer waitTime;
    private final Timer useTime;
    private final Timer createTime;
    private final Counter timeouts;
    private final Counter createFailures;
    private final Counter rejected;
    private final Counter leaks;
    private final Counter[] closedByReason;
    private final Counter[] transitionsTo;

    MeteringListener(MeterRegistry registry, Tags tags) {
        waitTime = Timer.builder(BerthPoolMetrics.WAIT_TIME)
                .tags(tags)
                .description("Time it took to obtain an open connection from the pool.")
                .register(registry);
        useTime = Timer.builder(BerthPoolMetrics.USE_TIME)
                .tags(tags)
                .description("Time between borrowing a connection and returning it to the pool.")
                .register(registry);
        createTime = Timer.builder(BerthPoolMetrics.CREATE_TIME)
                .tags(tags)
                .description("Time it took to create a new connection.")
                .register(registry);
        timeouts = Counter.builder(BerthPoolMetrics.TIMEOUTS)
                .tags(tags)
                .description("Connection timeouts that occurred trying to obtain a connection from the pool.")
                .register(registry);
        createFailures = Counter.builder(BerthPoolMetrics.CREATE_FAILURES)
                .tags(tags)
                .description("Attempts to open a connection that failed.")
                .register(registry);
        rejected = Counter.builder(BerthPoolMetrics.REJECTED)
                .tags(tags)
                .description("Callers turned away at once: queue full, pool closed, or backend down.")
                .register(registry);
        leaks = Counter.builder(BerthPoolMetrics.LEAKS)
                .tags(tags)
                .description("Leases held past the leak detection threshold.")
                .register(registry);
        CloseReason[] reasons = CloseReason.values();
        closedByReason = new Counter[reasons.length];
        for (CloseReason r : reasons) {
            closedByReason[r.ordinal()] = Counter.builder(BerthPoolMetrics.CLOSED)
                    .tags(tags)
                    .tag("reason", lowerCase(r))
                    .description("Connections the pool closed, by reason.")
                    .register(registry);
        }
        CircuitBreaker.State[] states = CircuitBreaker.State.values();
        transitionsTo = new Counter[states.length];
        for (CircuitBreaker.State s : states) {
            transitionsTo[s.ordinal()] = Counter.builder(BerthPoolMetrics.BREAKER_TRANSITIONS)
                    .tags(tags)
                    .tag("to", lowerCase(s))
                    .description("State changes of the connection-creation breaker, by new state.")
                    .register(registry);
        }
    }

    /** Every meter this listener registered, for {@link BerthPoolMetrics#unbindFrom}. */
    List<Meter> meters() {
        List<Meter> all =
                new ArrayList<>(List.of(waitTime, useTime, createTime, timeouts, createFailures, rejected, leaks));
        all.addAll(List.of(closedByReason));
        all.addAll(List.of(transitionsTo));
        return all;
    }

    private static String lowerCase(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void onAcquired(String pool, long waitNanos) {
        waitTime.record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onReleased(String pool, long useNanos) {
        useTime.record(useNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onCreated(String pool, long createNanos) {
        createTime.record(createNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onCreateFailed(String pool, Throwable cause) {
        createFailures.increment();
    }

    @Override
    public void onClosed(String pool, CloseReason reason) {
        closedByReason[reason.ordinal()].increment();
    }

    @Override
    public void onAcquireTimedOut(String pool, long waitNanos) {
        timeouts.increment();
    }

    @Override
    public void onRejected(String pool, PoolException reason) {
        rejected.increment();
    }

    @Override
    public void onLeakSuspected(String pool, long heldNanos, Throwable acquiredAt) {
        leaks.increment();
    }

    @Override
    public void onBreakerStateChanged(String pool, CircuitBreaker.State from, CircuitBreaker.State to) {
        transitionsTo[to.ordinal()].increment();
    }

    @Override
    public String toString() {
        return "MeteringListener[" + waitTime.getId().getTag(BerthPoolMetrics.POOL_NAME_TAG) + "]";
    }
}
