package io.berth.micrometer;

import io.berth.pool.Pool;
import io.berth.pool.PoolStats;
import io.berth.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link Pool}'s meters to a {@link MeterRegistry}, named after OpenTelemetry's <a
 * href="https://opentelemetry.io/docs/specs/semconv/database/database-metrics/">database client
 * connection-pool conventions</a>, plus a few Berth extras. Every meter carries the tag {@code
 * db.client.connection.pool.name} with the pool's name, and any extra tags given here.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what it shows</th></tr>
 *   <tr><td>db.client.connection.count</td><td>gauge</td><td>db.client.connection.state=idle|used</td>
 *       <td>connections ready to lend, and lent out</td></tr>
 *   <tr><td>db.client.connection.idle.max</td><td>gauge</td><td></td>
 *       <td>most idle connections allowed: maxSize (the engine has no separate idle cap)</td></tr>
 *   <tr><td>db.client.connection.idle.min</td><td>gauge</td><td></td><td>minIdle</td></tr>
 *   <tr><td>db.client.connection.max</td><td>gauge</td><td></td><td>maxSize</td></tr>
 *   <tr><td>db.client.connection.pending_requests</td><td>gauge</td><td></td><td>callers waiting</td></tr>
 *   <tr><td>db.client.connection.timeouts</td><td>counter</td><td></td><td>acquires that timed out</td></tr>
 *   <tr><td>db.client.connection.create_time</td><td>timer</td><td></td><td>time to open a connection</td></tr>
 *   <tr><td>db.client.connection.wait_time</td><td>timer</td><td></td>
 *       <td>time a successful acquire waited (0 on the fast path)</td></tr>
 *   <tr><td>db.client.connection.use_time</td><td>timer</td><td></td><td>time a lease was held</td></tr>
 *   <tr><td>berth.pool.connection.creating</td><td>gauge</td><td></td><td>connections being opened now</td></tr>
 *   <tr><td>berth.pool.connection.create_failures</td><td>counter</td><td></td><td>failed opens</td></tr>
 *   <tr><td>berth.pool.connection.closed</td><td>counter</td><td>reason=lifetime|idle_timeout|...</td>
 *       <td>connections the pool closed, by {@link io.berth.pool.CloseReason} in lower case</td></tr>
 *   <tr><td>berth.pool.rejected</td><td>counter</td><td></td>
 *       <td>callers turned away at once (queue full, pool closed, backend down)</td></tr>
 *   <tr><td>berth.pool.leaks</td><td>counter</td><td></td><td>leases held past the leak threshold</td></tr>
 *   <tr><td>berth.pool.breaker.state</td><td>gauge</td><td></td>
 *       <td>creation breaker: 0 closed, 1 half open, 2 open</td></tr>
 *   <tr><td>berth.pool.breaker.transitions</td><td>counter</td><td>to=closed|half_open|open</td>
 *       <td>breaker state changes</td></tr>
 * </table>
 *
 * <p>Gauges read {@link Pool#stats()} (one snapshot per read) and hold the pool strongly, so a
 * registry keeps a bound pool reachable. Timers and counters are fed by a {@link
 * io.berth.pool.PoolListener} that {@link #bindTo} adds to the pool; it records pre-registered
 * meters only, so the borrow and return paths allocate nothing for it. Events that happened before
 * binding are not counted.
 *
 * <p>Timers report in the registry's base time unit (seconds for Prometheus and OTLP, as the
 * conventions ask). The conventions' annotation units ({@code {connection}}, {@code {request}}) are
 * not set as Micrometer base units, because registries append base units to meter names.
 *
 * <p>Bind a pool once per registry: binding the same binder to a registry again does nothing, and
 * binding a second pool with the same name and tags to a registry throws, since their meters would
 * mix. Pool names must be unique within a registry. {@link #unbindFrom} removes the meters again
 * (for a pool being closed); the pool's listener stays and feeds meters no registry holds.
 *
 * @see HikariNamesMetrics the same pool under HikariCP's meter names
 */
public final class BerthPoolMetrics implements MeterBinder {
    static final String POOL_NAME_TAG = "db.client.connection.pool.name";
    static final String STATE_TAG = "db.client.connection.state";

    static final String CONNECTION_COUNT = "db.client.connection.count";
    static final String IDLE_MAX = "db.client.connection.idle.max";
    static final String IDLE_MIN = "db.client.connection.idle.min";
    static final String MAX = "db.client.connection.max";
    static final String PENDING_REQUESTS = "db.client.connection.pending_requests";
    static final String TIMEOUTS = "db.client.connection.timeouts";
    static final String CREATE_TIME = "db.client.connection.create_time";
    static final String WAIT_TIME = "db.client.connection.wait_time";
    static final String USE_TIME = "db.client.connection.use_time";
    static final String CREATING = "berth.pool.connection.creating";
    static final String CREATE_FAILURES = "berth.pool.connection.create_failures";
    static final String CLOSED = "berth.pool.connection.closed";
    static final String REJECTED = "berth.pool.rejected";
    static final String LEAKS = "berth.pool.leaks";
    static final String BREAKER_STATE = "berth.pool.breaker.state";
    static final String BREAKER_TRANSITIONS = "berth.pool.breaker.transitions";

    private final Pool<?> pool;
    private final Tags tags;
    private final BoundMeters bound = new BoundMeters();

    /** Meters for {@code pool}, tagged with its name only. */
    public BerthPoolMetrics(Pool<?> pool) {
        this(pool, Tags.empty());
    }

    /**
     * Meters for {@code pool}, tagged with its name and {@code tags}. The pool-name tag always wins
     * over an extra tag of the same key.
     */
    public BerthPoolMetrics(Pool<?> pool, Iterable<Tag> tags) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"))
                .and(POOL_NAME_TAG, pool.config().name());
    }

    /**
     * Binds {@code pool}'s meters to {@code registry} and returns the pool, for use where the pool is
     * made: {@code Pool<Conn> pool = BerthPoolMetrics.monitor(registry, Pool.create(config, connector));}
     */
    public static <C> Pool<C> monitor(MeterRegistry registry, Pool<C> pool, Tag... tags) {
        new BerthPoolMetrics(pool, Tags.of(tags)).bindTo(registry);
        return pool;
    }

    /**
     * Registers the meters in {@code registry} and adds a listener to the pool that feeds its timers
     * and counters. Does nothing when this binder is already bound to {@code registry}.
     *
     * @throws IllegalStateException when meters of a pool with this name and these tags are already
     *     there (another pool of the same name, or this pool bound by another binder)
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bound.begin(registry)) {
            return;
        }
        if (registry.find(MAX).tags(tags).gauge() != null) {
            bound.abandon(registry);
            throw new IllegalStateException("pool '" + pool.config().name() + "': meters tagged " + tags
                    + " are already in this registry; give each pool a unique name, or bind a pool once");
        }
        gauge(registry, CONNECTION_COUNT, "idle", PoolStats::idle, "Idle connections: open and ready to lend.");
        gauge(registry, CONNECTION_COUNT, "used", PoolStats::leased, "Connections lent out.");
        gauge(registry, IDLE_MAX, null, PoolStats::maxSize, "Most idle connections allowed (the pool's maxSize).");
        gauge(registry, IDLE_MIN, null, PoolStats::minIdle, "Idle connections the pool keeps open (minIdle).");
        gauge(registry, MAX, null, PoolStats::maxSize, "Most open connections allowed (maxSize).");
        gauge(registry, PENDING_REQUESTS, null, PoolStats::pending, "Callers waiting for a connection.");
        gauge(registry, CREATING, null, PoolStats::creating, "Connections being opened right now.");
        bound.add(
                registry,
                Gauge.builder(BREAKER_STATE, pool, p -> breakerCode(p.breakerState()))
                        .tags(tags)
                        .description("Connection-creation breaker: 0 closed, 1 half open, 2 open.")
                        .strongReference(true)
                        .register(registry));
        MeteringListener listener = new MeteringListener(registry, tags);
        listener.meters().forEach(m -> bound.add(registry, m));
        pool.addListener(listener);
    }

    /**
     * Removes from {@code registry} every meter this binder registered there, so a closed pool
     * leaves no meters behind. Does nothing when this binder is not bound to {@code registry}.
     */
    public void unbindFrom(MeterRegistry registry) {
        bound.remove(registry);
    }

    private void gauge(
            MeterRegistry registry, String name, String state, ToDoubleFunction<PoolStats> value, String description) {
        Gauge.Builder<Pool<?>> b = Gauge.<Pool<?>>builder(name, pool, p -> value.applyAsDouble(p.stats()))
                .tags(tags)
                .description(description)
                .strongReference(true);
        if (state != null) {
            b.tag(STATE_TAG, state);
        }
        bound.add(registry, b.register(registry));
    }

    /** The gauge value of a breaker state: 0 closed, 1 half open, 2 open. */
    static int breakerCode(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    @Override
    public String toString() {
        return "BerthPoolMetrics[" + pool.config().name() + ", " + tags + "]";
    }
}
