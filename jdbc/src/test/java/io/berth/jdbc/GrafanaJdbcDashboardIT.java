package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testkit.PromQl;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana/berth-jdbc.json queries only metrics that a BerthDataSource's pool, bound to
 * Micrometer through its metricRegistry setting and scraped in Prometheus' format, really exports
 * after real traffic against PostgreSQL (borrows, a wait, a timeout).
 */
class GrafanaJdbcDashboardIT {
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "berth-jdbc.json");

    @Test
    void everyMetricTheDashboardQueriesIsExportedByADataSourcesPool() throws Exception {
        String json = Files.readString(DASHBOARD);
        List<String> queries = PromQl.queries(json);
        Set<String> used = PromQl.dashboardMetrics(json);
        assertThat(queries).hasSizeGreaterThan(15);
        assertThat(used).contains("db_client_connection_count", "db_client_connection_wait_time_seconds_sum");

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BerthConfig config = BerthConfig.custom()
                .jdbcUrl(BerthDataSourceIT.PG_URL)
                .username("postgres")
                .poolName("grafana-it")
                .maximumPoolSize(1)
                .connectionTimeout(java.time.Duration.ofMillis(300))
                .metricRegistry(registry)
                .build();
        try (BerthDataSource ds = new BerthDataSource(config)) {
            for (int i = 0; i < 20; i++) {
                try (Connection c = ds.getConnection();
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("select " + i)) {
                    rs.next();
                }
            }
            try (Connection held = ds.getConnection()) {
                // The only connection is held: the next borrower waits and times out.
                assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class);
            }
            String scrape = registry.scrape();
            assertThat(scrape).contains("db_client_connection_pool_name=\"grafana-it\"");
            assertThat(PromQl.sampleNames(scrape))
                    .as("metrics of the DataSource's pool")
                    .containsAll(used);
        }
    }
}
