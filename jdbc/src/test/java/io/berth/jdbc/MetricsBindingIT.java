package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * metricRegistry: the data source binds its pool's meters itself at start (OpenTelemetry's names,
 * and with hikariMetricNames HikariCP's as HikariCP itself publishes them) and removes them at
 * close; checked on a Prometheus scrape after real borrows against PostgreSQL.
 */
class MetricsBindingIT {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample line of a Prometheus text exposition. */
    private record Sample(String name, Map<String, String> labels, double value) {}

    private static List<Sample> samples(String scrape) {
        List<Sample> out = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                Map<String, String> labels = new TreeMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
        }
        return out;
    }

    /** The value of {@code name} for the sample whose label {@code key} is {@code value}. */
    private static double value(String scrape, String name, String key, String value) {
        return samples(scrape).stream()
                .filter(s -> s.name().equals(name) && value.equals(s.labels().get(key)))
                .mapToDouble(Sample::value)
                .reduce((a, b) -> {
                    throw new AssertionError("two samples of " + name + " for " + key + "=" + value);
                })
                .orElseThrow(() ->
                        new AssertionError("no sample " + name + "{" + key + "=\"" + value + "\"} in\n" + scrape));
    }

    private static BerthConfig.Builder pg(String poolName) {
        return BerthConfig.custom()
                .jdbcUrl(BerthDataSourceIT.PG_URL)
                .username("postgres")
                .poolName(poolName)
                .maximumPoolSize(2)
                .minimumIdle(1)
                .connectionTimeout(Duration.ofMillis(300));
    }

    private static void query(DataSource ds, int n) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select " + n)) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void bothNameSetsAreBoundAtStartFedByBorrowsAndRemovedAtClose() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String pool = "metrics-it";
        BerthDataSource ds = new BerthDataSource(
                pg(pool).metricRegistry(registry).hikariMetricNames(true).build());
        try {
            for (int i = 0; i < 10; i++) {
                query(ds, i);
            }
            String duringHold;
            try (Connection a = ds.getConnection();
                    Connection b = ds.getConnection()) {
                assertThat(a.isValid(1) && b.isValid(1)).isTrue();
                assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class);
                duringHold = registry.scrape();
            }
            assertThat(value(duringHold, "hikaricp_connections_active", "pool", pool))
                    .isEqualTo(2);
            assertThat(value(duringHold, "hikaricp_connections_idle", "pool", pool))
                    .isZero();
            assertThat(value(duringHold, "hikaricp_connections", "pool", pool)).isEqualTo(2);
            assertThat(value(duringHold, "hikaricp_connections_pending", "pool", pool))
                    .isZero();

            String scrape = registry.scrape();
            assertThat(value(scrape, "hikaricp_connections_max", "pool", pool)).isEqualTo(2);
            assertThat(value(scrape, "hikaricp_connections_min", "pool", pool)).isEqualTo(1);
            assertThat(value(scrape, "hikaricp_connections_active", "pool", pool))
                    .isZero();
            assertThat(value(scrape, "hikaricp_connections_idle", "pool", pool)).isEqualTo(2);
            assertThat(value(scrape, "hikaricp_connections_timeout_total", "pool", pool))
                    .isEqualTo(1);
            assertThat(value(scrape, "hikaricp_connections_acquire_seconds_count", "pool", pool))
                    .as("every successful borrow, the start-up check's included")
                    .isGreaterThanOrEqualTo(12);
            assertThat(value(scrape, "hikaricp_connections_usage_seconds_count", "pool", pool))
                    .isGreaterThanOrEqualTo(12);
            assertThat(value(scrape, "hikaricp_connections_usage_seconds_sum", "pool", pool))
                    .isPositive()
                    .isLessThan(30);
            assertThat(value(scrape, "hikaricp_connections_creation_seconds_count", "pool", pool))
                    .isEqualTo(2);
            assertThat(value(scrape, "hikaricp_connections_creation_seconds_max", "pool", pool))
                    .as("opening a PostgreSQL connection takes a while, not an hour")
                    .isPositive()
                    .isLessThan(5);

            String otel = "db_client_connection_pool_name";
            assertThat(value(scrape, "db_client_connection_max", otel, pool)).isEqualTo(2);
            assertThat(value(scrape, "db_client_connection_timeouts_total", otel, pool))
                    .isEqualTo(1);
            assertThat(value(scrape, "db_client_connection_wait_time_seconds_count", otel, pool))
                    .isEqualTo(value(scrape, "hikaricp_connections_acquire_seconds_count", "pool", pool));
            assertThat(value(scrape, "db_client_connection_create_time_seconds_count", otel, pool))
                    .isEqualTo(2);
        } finally {
            ds.close();
        }
        String afterClose = registry.scrape();
        assertThat(afterClose).doesNotContain(pool);
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void withoutHikariMetricNamesOnlyOpenTelemetryNamesArePublished() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (BerthDataSource ds =
                new BerthDataSource(pg("otel-only-it").metricRegistry(registry).build())) {
            query(ds, 1);
            String scrape = registry.scrape();
            assertThat(value(
                            scrape,
                            "db_client_connection_wait_time_seconds_count",
                            "db_client_connection_pool_name",
                            "otel-only-it"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scrape).doesNotContain("hikaricp");
        }
    }

    @Test
    void beanSettersBindOnFirstUseAsSpringWouldSetThem() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BerthDataSource ds = new BerthDataSource();
        try {
            ds.setJdbcUrl(BerthDataSourceIT.PG_URL);
            ds.setUsername("postgres");
            ds.setPoolName("bean-metrics-it");
            ds.setHikariMetricNames(true);
            ds.setMetricRegistry(registry);
            assertThat(ds.getMetricRegistry()).isSameAs(registry);
            assertThat(registry.getMeters())
                    .as("nothing bound before the pool starts")
                    .isEmpty();
            query(ds, 1);
            assertThat(value(registry.scrape(), "hikaricp_connections_max", "pool", "bean-metrics-it"))
                    .isEqualTo(10);
            assertThatThrownBy(() -> ds.setMetricRegistry(null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("metricRegistry cannot be changed after the pool started");
        } finally {
            ds.close();
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void replicaPoolsAreBoundUnderTheirOwnNamesAndRemovedWithTheDataSource() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BerthDataSource ds = new BerthDataSource(pg("replica-metrics-it")
                .replicaUrls(List.of(BerthDataSourceIT.PG_URL + "?ApplicationName=replica"))
                .metricRegistry(registry)
                .hikariMetricNames(true)
                .build());
        try {
            query(ds.readOnly(), 1);
            query(ds.readOnly(), 2);
            String scrape = registry.scrape();
            String replica = "replica-metrics-it-replica-1";
            assertThat(value(scrape, "hikaricp_connections_acquire_seconds_count", "pool", replica))
                    .isEqualTo(2);
            assertThat(value(
                            scrape,
                            "db_client_connection_wait_time_seconds_count",
                            "db_client_connection_pool_name",
                            replica))
                    .isEqualTo(2);
            assertThat(value(scrape, "hikaricp_connections_max", "pool", "replica-metrics-it"))
                    .isEqualTo(2);
        } finally {
            ds.close();
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    /** Every hikaricp sample name with its label keys, and the HELP and TYPE lines, without the pool name. */
    private static Set<String> hikariShape(String scrape) {
        Set<String> shape = new TreeSet<>();
        for (Sample s : samples(scrape)) {
            if (s.name().startsWith("hikaricp")) {
                shape.add(s.name() + s.labels().keySet());
            }
        }
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# HELP hikaricp") || line.startsWith("# TYPE hikaricp")) {
                shape.add(line);
            }
        }
        return shape;
    }

    @Test
    void hikariNamesHaveTheNamesTypesHelpAndLabelsHikariCpPublishes() throws Exception {
        PrometheusMeterRegistry hikariRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry berthRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(BerthDataSourceIT.PG_URL);
        hc.setUsername("postgres");
        hc.setPoolName("twin");
        hc.setMaximumPoolSize(2);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(300);
        hc.setMetricRegistry(hikariRegistry);
        String hikari;
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            query(ds, 1);
            hikari = hikariRegistry.scrape();
        }
        String berth;
        try (BerthDataSource ds = new BerthDataSource(
                pg("twin").metricRegistry(berthRegistry).hikariMetricNames(true).build())) {
            query(ds, 1);
            berth = berthRegistry.scrape();
        }
        Set<String> hikariShape = hikariShape(hikari);
        assertThat(hikariShape)
                .as("what HikariCP publishes: 10 meters, 3 of them timers, as HELP, TYPE and samples")
                .hasSize(42)
                .contains(
                        "hikaricp_connections[pool]",
                        "hikaricp_connections_acquire_seconds_count[pool]",
                        "# TYPE hikaricp_connections_timeout_total counter");
        Set<String> berthShape = hikariShape(berth);
        assertThat(berthShape).isEqualTo(hikariShape);
    }
}
