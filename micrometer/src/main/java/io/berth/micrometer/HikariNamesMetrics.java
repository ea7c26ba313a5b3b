package io.berth.micrometer;

import io.berth.pool.Pool;
import io.berth.pool.PoolListener;
import io.berth.pool.PoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link Pool}'s meters under the names HikariCP's {@code MicrometerMetricsTracker}
 * publishes, so that dashboards and alerts written for HikariCP keep working after a switch to
 * Berth. Names, meter types, descriptions and the {@code pool} tag (the pool's name) are HikariCP's
 * (5.x); timers report in the registry's base unit, as HikariCP's do (seconds in Prometheus:
 * {@code hikaricp_connections_acquire_seconds}).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what it shows</th></tr>
 *   <tr><td>hikaricp.connections</td><td>gauge</td><td>open connections</td></tr>
 *   <tr><td>hikaricp.connections.idle</td><td>gauge</td><td>connections ready to lend</td></tr>
 *   <tr><td>hikaricp.connections.active</td><td>gauge</td><td>connections lent out</td></tr>
 *   <tr><td>hikaricp.connections.pending</td><td>gauge</td><td>callers waiting for a connection</td></tr>
 *   <tr><td>hikaricp.connections.max</td><td>gauge</td><td>maxSize (maximumPoolSize)</td></tr>
 *   <tr><td>hikaricp.connections.min</td><td>gauge</td><td>minIdle (minimumIdle)</td></tr>
 *   <tr><td>hikaricp.connections.timeout</td><td>counter</td><td>acquires that timed out</td></tr>
 *   <tr><td>hikaricp.connections.acquire</td><td>timer</td><td>time a successful acquire waited</td></tr>
 *   <tr><td>hikaricp.connections.usage</td><td>timer</td><td>time a lease was held</td></tr>
 *   <tr><td>hikaricp.connections.creation</td><td>timer</td><td>time to open a connection</td></tr>
 * </table>
 *
 * <p>HikariCP records usage and creation in whole milliseconds; Berth records the nanoseconds its
 * listener reports, so short uses are not rounded down to zero. Binding, pool-name uniqueness and
 * unbinding behave as for {@link BerthPoolMetrics}, and both binders can serve one pool in one
 * registry at once.
 */
public final class HikariNamesMetrics implements MeterBinder {
    static final String POOL_TAG = "pool";

    static final String CONNECTIONS = "hikaricp.connections";
    static final String IDLE = "hikaricp.connections.idle";
    static final String ACTIVE = "hikaricp.connections.active";
    static final String PENDING = "hikaricp.connections.pending";
    static final String MAX = "hikaricp.connections.max";
    static final String MIN = "hikaricp.connections.min";
    static final String TIMEOUT = "hikaricp.connections.timeout";
    static final String ACQUIRE = "hikaricp.connections.acquire";
    static final String USAGE = "hikaricp.connections.usage";
    static final String CREATION = "hikaricp.connections.creation";

    private final Pool<?> pool;
    private final Tags tags;
    private final BoundMeters bound = new BoundMeters();

    /** Meters for {@code pool}, tagged {@code pool=<its name>}. */
    public HikariNamesMetrics(Pool<?> pool) {
        this(pool, Tags.empty());
    }

    /** Meters for {@code pool}, tagged with its name and {@code tags}; the pool tag wins over an extra one. */
    public HikariNamesMetrics(Pool<?> pool, Iterable<Tag> tags) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"))
                .and(POOL_TAG, pool.config().name());
    }

    /**
     * Registers the meters in {@code registry} and adds a listener to the pool that feeds the timers
     * and the counter. Does nothing when this binder is already bound to {@code registry}.
     *
     * @throws IllegalStateException when HikariCP-named meters of a pool with this name and these
     *     tags are already there
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bound.begin(registry)) {
            return;
        }
        if (registry.find(MAX).tags(tags).gauge() != null) {
            bound.abandon(registry);
            throw new IllegalStateException("pool '" + pool.config().name() + "': HikariCP-named meters tagged " + tags
                    + " are already in this registry; give each pool a unique name, or bind a pool once");
        }
        gauge(registry, CONNECTIONS, PoolStats::total, "Total connections");
        gauge(registry, IDLE, PoolStats::idle, "Idle connections");
        gauge(registry, ACTIVE, PoolStats::leased, "Active connections");
        gauge(registry, PENDING, PoolStats::pending, "Pending threads");
        gauge(registry, MAX, PoolStats::maxSize, "Max connections");
        gauge(registry, MIN, PoolStats::minIdle, "Min connections");
        pool.addListener(new Listener(
                timer(registry, ACQUIRE, "Connection acquire time"),
                timer(registry, USAGE, "Connection usage time"),
                timer(registry, CREATION, "Connection creation time"),
                bound.add(
                        registry,
                        Counter.builder(TIMEOUT)
                                .tags(tags)
                                .description("Connection timeout total count")
                                .register(registry))));
    }

    /** Removes from {@code registry} every meter this binder registered there. */
    public void unbindFrom(MeterRegistry registry) {
        bound.remove(registry);
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<PoolStats> value, String description) {
        bound.add(
                registry,
                Gauge.<Pool<?>>builder(name, pool, p -> value.applyAsDouble(p.stats()))
                        .tags(tags)
                        .description(description)
                        .strongReference(true)
                        .register(registry));
    }

    private Timer timer(MeterRegistry registry, String name, String description) {
        return bound.add(
                registry,
                Timer.builder(name).tags(tags).description(description).register(registry));
    }

    @Override
    public String toString() {
        return "HikariNamesMetrics[" + pool.config().name() + ", " + tags + "]";
    }

    /** Feeds the pre-registered timers and counter: one record or increment per event, no allocation. */
    private record Listener(Timer acquire, Timer usage, Timer creation, Counter timeouts) implements PoolListener {
        @Override
        public void onAcquired(String pool, long waitNanos) {
            acquire.record(waitNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onReleased(String pool, long useNanos) {
            usage.record(useNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onCreated(String pool, long createNanos) {
            creation.record(createNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onAcquireTimedOut(String pool, long waitNanos) {
            timeouts.increment();
        }
    }
}
