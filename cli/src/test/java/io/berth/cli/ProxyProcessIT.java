package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth proxy CONFIG} as a process: PgBouncer's own example config, signals, pidfile, HTTP admin. */
class ProxyProcessIT {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process start(Path ini) throws IOException {
        return start(ini, "DEFAULT");
    }

    /**
     * Starts berth with SIGINT, SIGTERM and SIGHUP set to {@code disposition} ("DEFAULT" or
     * "IGNORE") by a perl wrapper (Debian's perl-base is always installed): a process inherits
     * ignored signals, and this JVM may run under a parent that ignores SIGINT (a background job of
     * a script), which would otherwise make the signal tests depend on how the suite was started.
     */
    private Process start(Path ini, String disposition) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                "perl",
                "-e",
                "$SIG{$_} = '" + disposition + "' for qw(INT TERM HUP); exec @ARGV or die \"exec: $!\"",
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "io.berth.cli.Main",
                "proxy",
                ini.toString()));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("berth.out").toFile())
                .start();
    }

    /** Sends SIG{@code name} to the process, as kill(1) does. */
    private static void signal(Process p, String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(p.pid())).start().waitFor();
    }

    /** What the berth process printed so far. */
    private String output() {
        try {
            return Files.readString(dir.resolve("berth.out"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitPort(int port) {
        Await.until(Duration.ofSeconds(30), () -> accepts(port));
    }

    private static Connection connect(int port, String db, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("prepareThreshold", "0");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?sslmode=disable", p);
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Path config(int port, String extra) throws IOException {
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
        Path ini = dir.resolve("berth.ini");
        Files.writeString(
                ini,
                "[databases]\ntest = host=127.0.0.1 port=5432 dbname=test\n\n[pgbouncer]\n"
                        + "listen_addr = 127.0.0.1\nlisten_port = " + port
                        + "\nauth_type = trust\nauth_file = users.txt\n"
                        + "pool_mode = transaction\ndefault_pool_size = 4\n" + extra);
        return ini;
    }

    @Test
    void theQuickStartConfigFromPgBouncersDocumentationStartsTheProxy() throws Exception {
        try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement s = pg.createStatement()) {
            s.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = 'someuser') then "
                    + "create role someuser login; end if; end $$");
        }
        // PgBouncer's usage page, "Quick start": the config and auth file exactly as shown there.
        Files.writeString(dir.resolve("users.txt"), "\"someuser\" \"same_password_as_in_server\"\n");
        Path ini = dir.resolve("pgbouncer.ini");
        Files.writeString(ini, """
                [databases]
                template1 = host=localhost dbname=template1 auth_user=someuser

                [pgbouncer]
                pool_mode = session
                listen_port = 6432
                listen_addr = localhost
                auth_type = md5
                auth_file = users.txt
                logfile = pgbouncer.log
                pidfile = pgbouncer.pid
                admin_users = someuser
                stats_users = stat_collector
                """);
        Process p = start(ini);
        try {
            awaitPort(6432);
            try (Connection c = connect(6432, "template1", "someuser", "same_password_as_in_server")) {
                assertThat(one(c, "select current_user || '@' || current_database()"))
                        .isEqualTo("someuser@template1");
            }
            assertThatThrownBy(() -> connect(6432, "template1", "someuser", "wrong"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThat(Files.readString(dir.resolve("pgbouncer.pid")).trim()).isEqualTo(String.valueOf(p.pid()));
            assertThat(dir.resolve("pgbouncer.log")).exists();
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dir.resolve("pgbouncer.pid")).doesNotExist();
    }

    @Test
    void sigtermLetsAnOpenTransactionFinishAndThenExits() throws Exception {
        int port = freePort();
        Process p = start(config(port, ""));
        awaitPort(port);
        try (Connection c = connect(port, "test", "postgres", "")) {
            c.setAutoCommit(false);
            assertThat(one(c, "select 'in a transaction'")).isEqualTo("in a transaction");
            p.destroy(); // SIGTERM
            Await.until(() -> !accepts(port)); // it stops accepting...
            assertThat(p.isAlive()).isTrue(); // ...but waits for the open transaction
            assertThat(one(c, "select 'still served'")).isEqualTo("still served");
            c.commit();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
    }

    @Test
    void sigintClosesAtOnceEvenWithATransactionOpen() throws Exception {
        int port = freePort();
        Process p = start(config(port, ""));
        awaitPort(port);
        try (Connection c = connect(port, "test", "postgres", "")) {
            c.setAutoCommit(false);
            one(c, "select 1");
            signal(p, "INT");
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> one(c, "select 2")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void signalsIgnoredByTheParentAreNamedAtStart() throws Exception {
        int port = freePort();
        Process p = start(config(port, ""), "IGNORE");
        try {
            awaitPort(port);
            Await.until(() -> output().contains("listening on"));
            assertThat(Files.readString(dir.resolve("berth.out")))
                    .contains("berth: SIGINT was ignored by the process that started berth")
                    .contains("stop with SIGTERM or the admin console's SHUTDOWN")
                    .contains("berth: SIGHUP was ignored")
                    .contains("reload with RELOAD in the admin console");
            signal(p, "INT");
            try (Connection c = connect(port, "test", "postgres", "")) {
                assertThat(one(c, "select 'still up'")).isEqualTo("still up"); // ignored, as it said
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSignalSentTheMomentThePortOpensIsHandled() throws Exception {
        // The handlers are in place before the port opens: SIGHUP at once reloads, it does not end
        // the process (the JVM's default for HUP).
        int port = freePort();
        Process p = start(config(port, ""));
        try {
            awaitPort(port);
            signal(p, "HUP");
            Await.until(() -> output().contains("configuration reloaded"));
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void sighupReloadsTheConfiguration() throws Exception {
        int port = freePort();
        Path ini = config(port, "");
        Process p = start(ini);
        try {
            awaitPort(port);
            assertThatThrownBy(() -> connect(port, "postgres_alias", "postgres", ""))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no such database");
            String text = Files.readString(ini)
                    .replace(
                            "[databases]\n",
                            "[databases]\npostgres_alias = host=127.0.0.1 port=5432 dbname=postgres\n");
            Files.writeString(ini, text);
            signal(p, "HUP");
            java.util.concurrent.atomic.AtomicReference<String> db =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Await.until(() -> {
                try (Connection c = connect(port, "postgres_alias", "postgres", "")) {
                    db.set(one(c, "select current_database()"));
                    return true;
                } catch (SQLException e) {
                    return false; // not reloaded yet
                }
            });
            assertThat(db.get()).isEqualTo("postgres");
            // The lifecycle log says so, as key=value pairs.
            assertThat(Files.readString(dir.resolve("berth.out")))
                    .containsPattern("event=config\\.reload .*outcome=ok");
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void lifecycleEventsAsJsonLines() throws Exception {
        int port = freePort();
        Process p = start(config(port, "log_format = json\nclient_idle_timeout = 1\n"));
        try {
            awaitPort(port);
            try (Connection c = connect(port, "test", "postgres", "")) {
                one(c, "select 1");
                // Left idle: client_idle_timeout closes it, and the log has the event as one JSON object.
                Await.until(() -> {
                    try {
                        return Files.readString(dir.resolve("berth.out")).contains("\"event\":\"client.timeout\"");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            String line = Files.readString(dir.resolve("berth.out"))
                    .lines()
                    .filter(l -> l.contains("\"event\":\"client.timeout\""))
                    .findFirst()
                    .orElseThrow();
            assertThat(line.substring(line.indexOf('{')))
                    .startsWith("{\"ts\":\"")
                    .contains("\"level\":\"INFO\"", "\"setting\":\"client_idle_timeout\"")
                    .endsWith("}");
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void httpAdminServesMetricsAndHealth() throws Exception {
        int port = freePort();
        int http = freePort();
        Process p = start(config(port, "admin_http_addr = 127.0.0.1:" + http + "\n"));
        try {
            awaitPort(port);
            awaitPort(http);
            try (Connection c = connect(port, "test", "postgres", "")) {
                one(c, "select 1");
            }
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> live = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/health/live"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            HttpResponse<String> ready = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/health/ready"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("db_client_connection_count")
                    .contains("berth_pool_queries_total{database=\"test\",user=\"postgres\"}")
                    .contains("berth_clients");
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
