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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP admin listener's JSON API and page, on a proxy in front of the local PostgreSQL. */
class DashboardApiIT {
    @TempDir
    static Path dir;

    static BerthProxy proxy;
    static AdminHttp http;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"not-shown-anywhere\"\n");
        ProxyConfig config = ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .unixSocketDir("")
                .authType(AuthType.TRUST)
                .authFile(dir.resolve("users.txt"))
                .adminUsers("postgres")
                .poolMode(PoolMode.TRANSACTION)
                .statsPeriod(Duration.ofSeconds(1))
                .adminHttpAddr("127.0.0.1:0")
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname("test")
                        .user("postgres")
                        .password("server-secret-not-shown") // trust auth: PostgreSQL does not ask for it
                        .poolSize(1)
                        .build())
                .build();
        proxy = BerthProxy.start(config);
        http = new AdminHttp(proxy.httpAddress().orElseThrow());
        try (Connection c = client("dashboard-it")) {
            c.createStatement().execute("select 1");
        }
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    static Connection client(String applicationName) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("prepareThreshold", "0");
        p.setProperty("assumeMinServerVersion", "10"); // application_name in the startup packet, not a SET
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/test?sslmode=disable", p);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> doc, String name) {
        return (List<Map<String, Object>>) doc.get(name);
    }

    static Map<String, Object> pool(String database, String user) throws Exception {
        return list(http.json("/api/pools"), "pools").stream()
                .filter(p -> p.get("database").equals(database) && p.get("user").equals(user))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no pool " + database + "/" + user));
    }

    static long number(Map<String, Object> row, String name) {
        return ((Number) row.get(name)).longValue();
    }

    @Test
    void poolsShowTheConfiguredPoolWithItsModeTargetAndBreaker() throws Exception {
        Map<String, Object> p = pool("test", "postgres");

        assertThat(p)
                .containsEntry("pool_mode", "transaction")
                .containsEntry("breaker", "closed")
                .containsEntry("paused", false)
                .containsKeys(
                        "cl_active",
                        "cl_waiting",
                        "sv_active",
                        "sv_idle",
                        "sv_used",
                        "sv_total",
                        "pool_size",
                        "maxwait",
                        "maxwait_us");
        assertThat(number(p, "pool_size")).isEqualTo(1);
        assertThat(p.get("target"))
                .isEqualTo(Map.of(
                        "host",
                        "127.0.0.1",
                        "port",
                        5432L,
                        "database",
                        "test",
                        "user",
                        "postgres",
                        "target_session_attrs",
                        "any"));
        assertThat(list(p, "breakers"))
                .isNotEmpty()
                .allSatisfy(b -> assertThat(b).containsEntry("state", "closed"));
        assertThat(list(p, "hosts"))
                .singleElement()
                .satisfies(h -> assertThat(h)
                        .containsEntry("host", "127.0.0.1")
                        .containsEntry("port", 5432L)
                        .containsEntry("state", "up")
                        .containsEntry("ejected_for_ms", 0L)
                        .containsKeys("role", "open", "failures"));
    }

    @Test
    void noAnswerCarriesAPassword() throws Exception {
        for (String path : List.of("/api/pools", "/api/clients", "/api/servers", "/api/stats", "/api/history")) {
            String body = http.get(path).body();

            assertThat(body)
                    .as(path)
                    .doesNotContain("not-shown-anywhere", "server-secret-not-shown")
                    .doesNotContainIgnoringCase("password");
        }
    }

    @Test
    void aClientWaitingForTheOnlyServerConnectionShowsInPoolsAndClients() throws Exception {
        try (Connection holder = client("holder");
                Connection waiter = client("waiter")) {
            Statement hold = holder.createStatement();
            hold.execute("begin");
            hold.execute("select 1"); // holds the pool's only server connection until commit
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    waiter.createStatement().execute("select 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(() -> number(unchecked(() -> pool("test", "postgres")), "cl_waiting") == 1);
            Await.until(() -> number(unchecked(() -> pool("test", "postgres")), "maxwait_us") > 0
                    || number(unchecked(() -> pool("test", "postgres")), "maxwait") > 0);

            Map<String, Object> doc = http.json("/api/clients?state=waiting&order=wait&limit=5");

            assertThat(number(doc, "total")).isEqualTo(1);
            Map<String, Object> c = list(doc, "clients").get(0);
            assertThat(c)
                    .containsEntry("state", "waiting")
                    .containsEntry("user", "postgres")
                    .containsEntry("database", "test")
                    .containsEntry("application_name", "waiter")
                    .containsEntry("addr", "127.0.0.1");
            assertThat(number(c, "wait") * 1_000_000 + number(c, "wait_us")).isPositive();
            assertThat((String) c.get("connect_time")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
            assertThat(list(http.json("/api/clients?state=active"), "clients"))
                    .anySatisfy(a -> assertThat(a).containsEntry("application_name", "holder"));

            hold.execute("commit");
            waiting.get();
            Await.until(() -> number(unchecked(() -> pool("test", "postgres")), "cl_waiting") == 0);
        }
    }

    @Test
    void serversListTheServerConnectionsWithTheirState() throws Exception {
        List<Map<String, Object>> servers = list(http.json("/api/servers"), "servers");

        assertThat(servers)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s)
                        .containsEntry("type", "S")
                        .containsEntry("database", "test")
                        .containsEntry("addr", "127.0.0.1")
                        .containsEntry("port", 5432L)
                        .containsKey("remote_pid"));
        assertThat(servers).allSatisfy(s -> assertThat(s.get("state")).isIn("active", "idle", "used", "tested"));
    }

    @Test
    void historyAndStatsShowTrafficWhileLoadRuns() throws Exception {
        long startedAt = System.currentTimeMillis();
        try (Load load = Load.start(proxy.address().getPort(), 3, Duration.ofSeconds(20))) {
            Await.until(
                    Duration.ofSeconds(15),
                    () -> unchecked(() -> samplesAfter(startedAt)).stream()
                            .anyMatch(s -> ((Number) s.get("tps")).doubleValue() > 0
                                    && ((Number) s.get("qps")).doubleValue() > 0
                                    && number(s, "waits") > 0));
            assertThat(load.queries()).isPositive();
        }

        Map<String, Object> doc = http.json("/api/history");
        assertThat(doc).containsEntry("interval_ms", 1000L).containsEntry("capacity", 900L);
        List<Map<String, Object>> samples = list(doc, "samples");
        assertThat(samples).isNotEmpty().isSortedAccordingTo((a, b) -> Long.compare(number(a, "at"), number(b, "at")));
        // Three clients on one server connection: some waited, so the waits have a size.
        assertThat(samples).anySatisfy(s -> {
            assertThat(number(s, "wait_avg_us")).isPositive();
            assertThat(number(s, "wait_p99_us")).isPositive();
        });
        long last = number(samples.get(samples.size() - 1), "at");
        assertThat(samplesAfter(last))
                .allSatisfy(s -> assertThat(number(s, "at")).isGreaterThan(last));

        Map<String, Object> stats = list(http.json("/api/stats"), "databases").stream()
                .filter(d -> d.get("database").equals("test"))
                .findFirst()
                .orElseThrow();
        assertThat(number(stats, "total_xact_count")).isPositive();
        assertThat(number(stats, "total_query_count")).isGreaterThanOrEqualTo(number(stats, "total_xact_count"));
        assertThat(stats).containsKeys("avg_xact_count", "avg_query_count", "avg_wait_time", "total_wait_time");
    }

    private static List<Map<String, Object>> samplesAfter(long at) throws Exception {
        return list(http.json("/api/history?since=" + at), "samples");
    }

    @Test
    void aBadParameterIsA400NamingItAndWhatIsAllowed() throws Exception {
        HttpResponse<String> state = http.get("/api/clients?state=sleeping");
        HttpResponse<String> unknown = http.get("/api/history?from=0");
        HttpResponse<String> limit = http.get("/api/clients?limit=0");

        assertThat(state.statusCode()).isEqualTo(400);
        assertThat(state.body()).isEqualTo("state = sleeping is invalid: must be active or waiting\n");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("unknown parameter \"from\": /api/history takes since\n");
        assertThat(limit.body()).isEqualTo("limit = 0 is invalid: must be an integer between 1 and 1000000\n");
        assertThat(http.get("/api/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void thePageAndItsChartLibraryAreServedFromTheJar() throws Exception {
        HttpResponse<String> page = http.get("/");
        HttpResponse<String> chart = http.get("/webjars/chart.js/dist/chart.umd.min.js");
        HttpResponse<String> script = http.get("/dashboard.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>Berth dashboard</title>", "webjars/chart.js/dist/chart.umd.min.js");
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("content-type")).contains("text/javascript; charset=utf-8");
        assertThat(chart.body()).contains("Chart.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(http.get("/webjars/../META-INF/MANIFEST.MF").statusCode()).isEqualTo(404);
        assertThat(http.get("/webjars/chart.js/dist/nothing.js").statusCode()).isEqualTo(404);
    }

    interface Call<T> {
        T get() throws Exception;
    }

    static <T> T unchecked(Call<T> call) {
        try {
            return call.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
