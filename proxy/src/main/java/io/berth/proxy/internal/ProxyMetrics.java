package io.berth.proxy.internal;

import io.berth.micrometer.BerthPoolMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The proxy's meters: per pool, berth-micrometer's gauges with OpenTelemetry's {@code
 * db.client.connection.*} names, and counters like PgBouncer's SHOW STATS; for the whole proxy,
 * client connections. Pools are bound when they are created; binding also feeds each pool's wait
 * times into its {@link WaitHistogram}, for the dashboard's percentiles.
 */
public final class ProxyMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public ProxyMetrics(ProxyContext px) {
        Gauge.builder("berth.clients", px.clients(), c -> c.connections())
                .description("client connections, logged in or logging in")
                .register(registry);
        Gauge.builder("berth.server.connections", px.backends(), b -> b.totalServerConnections())
                .description("server connections, all pools")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Removes a retired backend's meters (RELOAD replaced it): its successor binds its own under the
     * same database and user.
     */
    void unbind(Backend b) {
        java.util.Set<String> names = new java.util.HashSet<>();
        b.pools().forEach(p -> names.add(p.config().name()));
        for (io.micrometer.core.instrument.Meter m : registry.getMeters()) {
            io.micrometer.core.instrument.Meter.Id id = m.getId();
            boolean poolMeter = names.contains(id.getTag("db.client.connection.pool.name"));
            boolean counter = id.getName().startsWith("berth.pool.")
                    && b.key().database().equals(id.getTag("database"))
                    && b.key().user().equals(id.getTag("user"))
                    && id.getTag("loop") == null;
            if (poolMeter || counter) {
                registry.remove(m);
            }
        }
    }

    /** Binds one pool's meters, tagged with its database and user. */
    void bind(Backend b) {
        Tags tags = Tags.of("database", b.key().database(), "user", b.key().user());
        for (int i = 0; i < b.pools().size(); i++) {
            new BerthPoolMetrics(b.pools().get(i), tags.and("loop", String.valueOf(i))).bindTo(registry);
        }
        counter("berth.pool.transactions", "transactions completed", b, s -> s.xactCount, tags);
        counter("berth.pool.queries", "queries completed", b, s -> s.queryCount, tags);
        counter("berth.pool.received", "bytes received from clients", b, s -> s.received, tags);
        counter("berth.pool.sent", "bytes sent to clients", b, s -> s.sent, tags);
        counter("berth.pool.transaction.time", "microseconds spent in transactions", b, s -> s.xactTimeMicros, tags);
        counter("berth.pool.query.time", "microseconds spent in queries", b, s -> s.queryTimeMicros, tags);
        counter("berth.pool.wait.time", "microseconds clients waited for a server", b, s -> s.waitTimeMicros, tags);
        counter("berth.pool.logins", "client logins", b, s -> s.clientLogins, tags);
    }

    private void counter(String name, String help, Backend b, Function<PoolStatsCounters, LongAdder> field, Tags tags) {
        FunctionCounter.builder(name, b.stats(), s -> field.apply(s).doubleValue())
                .description(help)
                .tags(tags)
                .register(registry);
    }
}
