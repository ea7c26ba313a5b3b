package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.config.ProxyConfig;
import io.berth.testkit.Await;
import io.berth.testkit.PromQl;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana/berth-proxy.json asks Prometheus only for metrics a running proxy has: every metric
 * name in its PromQL (panels and variables) is in a real /metrics scrape after some traffic.
 */
class GrafanaDashboardIT {
    static final Path DASHBOARD = Path.of("..", "docs", "grafana", "berth-proxy.json");

    @Test
    void everyMetricTheDashboardQueriesIsInTheProxysMetrics() throws Exception {
        String json = Files.readString(DASHBOARD);
        AdminHttp.parse(json); // it is JSON
        List<String> queries = PromQl.queries(json);
        Set<String> used = PromQl.dashboardMetrics(json);

        Set<String> scraped = scrapeAfterTraffic();

        assertThat(queries).hasSizeGreaterThan(20);
        assertThat(used).contains("berth_pool_transactions_total", "db_client_connection_pending_requests");
        assertThat(scraped).as("metrics of the running proxy").containsAll(used);
    }

    @Test
    void metricNamesAreTakenFromPromQlWithoutFunctionsLabelsOrVariables() {
        assertThat(PromQl.metricNames("sum by (database) (rate(berth_pool_queries_total{instance=~\"$instance\"}"
                        + "[$__rate_interval])) / 1e6"))
                .containsExactly("berth_pool_queries_total");
        assertThat(PromQl.metricNames("count(max by (a, b) (x_state{c=\"d\"}) == 2) or vector(0)"))
                .containsExactly("x_state");
        assertThat(PromQl.metricNames("label_values(berth_pool_transactions_total{instance=~\"$instance\"}, database)"))
                .containsExactly("berth_pool_transactions_total");
    }

    /** The sample names of /metrics from a proxy that has served some transactions. */
    private static Set<String> scrapeAfterTraffic() throws Exception {
        ProxyConfig config = ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .unixSocketDir("")
                .authType(AuthType.TRUST)
                .poolMode(PoolMode.TRANSACTION)
                .adminHttpAddr("127.0.0.1:0")
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname("test")
                        .user("postgres")
                        .poolSize(2)
                        .build())
                .build();
        try (BerthProxy proxy = BerthProxy.start(config)) {
            try (Load load = Load.start(proxy.address().getPort(), 3, Duration.ofSeconds(10))) {
                Await.until(() -> load.queries() >= 200);
            }
            HttpResponse<String> res = new AdminHttp(proxy.httpAddress().orElseThrow()).get("/metrics");
            assertThat(res.statusCode()).isEqualTo(200);
            Set<String> names = PromQl.sampleNames(res.body());
            assertThat(res.body()).contains("berth_pool_transactions_total{database=\"test\",user=\"postgres\"}");
            return names;
        }
    }
}
