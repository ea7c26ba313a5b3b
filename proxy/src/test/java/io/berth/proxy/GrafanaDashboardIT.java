package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.config.ProxyConfig;
import io.berth.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana/berth-proxy.json asks Prometheus only for metrics a running proxy has: every metric
 * name in its PromQL (panels and variables) is in a real /metrics scrape after some traffic.
 */
class GrafanaDashboardIT {
    static final Path DASHBOARD = Path.of("..", "docs", "grafana", "berth-proxy.json");

    /** PromQL words that are neither functions (those are followed by a parenthesis) nor metrics. */
    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    @Test
    void everyMetricTheDashboardQueriesIsInTheProxysMetrics() throws Exception {
        Map<String, Object> dashboard = AdminHttp.parse(Files.readString(DASHBOARD));
        List<String> queries = new ArrayList<>();
        collect(dashboard, queries);
        Set<String> used = new TreeSet<>();
        queries.forEach(q -> used.addAll(metricNames(q)));

        Set<String> scraped = scrapeAfterTraffic();

        assertThat(queries).hasSizeGreaterThan(20);
        assertThat(used).contains("berth_pool_transactions_total", "db_client_connection_pending_requests");
        assertThat(scraped).as("metrics of the running proxy").containsAll(used);
    }

    @Test
    void metricNamesAreTakenFromPromQlWithoutFunctionsLabelsOrVariables() {
        assertThat(metricNames("sum by (database) (rate(berth_pool_queries_total{instance=~\"$instance\"}"
                        + "[$__rate_interval])) / 1e6"))
                .containsExactly("berth_pool_queries_total");
        assertThat(metricNames("count(max by (a, b) (x_state{c=\"d\"}) == 2) or vector(0)"))
                .containsExactly("x_state");
        assertThat(metricNames("label_values(berth_pool_transactions_total{instance=~\"$instance\"}, database)"))
                .containsExactly("berth_pool_transactions_total");
    }

    /** Every PromQL text in the dashboard: targets' expr, and query variables' query. */
    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k.equals("expr") && v instanceof String s) {
                    out.add(s);
                } else if (k.equals("query") && v instanceof String s && s.startsWith("label_values(")) {
                    out.add(s);
                } else {
                    collect(v, out);
                }
            });
        } else if (node instanceof List<?> list) {
            ((List<Object>) list).forEach(v -> collect(v, out));
        }
    }

    static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher lv = LABEL_VALUES.matcher(promql);
        if (lv.find()) {
            names.add(lv.group(1));
            return names;
        }
        String e = STRING.matcher(promql).replaceAll(" ");
        e = MATCHERS.matcher(e).replaceAll(" ");
        e = RANGE.matcher(e).replaceAll(" ");
        e = GROUPING.matcher(e).replaceAll(" ");
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            boolean function = m.group(2) != null;
            if (!function && !KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
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
            Set<String> names = new TreeSet<>();
            for (String line : res.body().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            assertThat(res.body()).contains("berth_pool_transactions_total{database=\"test\",user=\"postgres\"}");
            return names;
        }
    }
}
