package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.config.ProxyConfig;
import io.berth.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PgBouncer's admin console, through psql and pgjdbc, with PgBouncer 1.18's column names. */
class AdminConsoleIT {
    @TempDir
    static Path dir;

    static BerthProxy proxy;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n\"watcher\" \"\"\n\"nobody\" \"\"\n");
        ProxyConfig config = ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .authType(io.berth.proxy.config.AuthType.TRUST)
                .authFile(dir.resolve("users.txt"))
                .poolMode(PoolMode.TRANSACTION)
                .adminUsers("postgres")
                .statsUsers("watcher")
                .statsPeriod(Duration.ofSeconds(1))
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname("test")
                        .user("postgres")
                        .poolSize(3)
                        .build())
                .build();
        proxy = BerthProxy.start(config);
        port = proxy.address().getPort();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static Connection admin(String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("preferQueryMode", "simple");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/pgbouncer?sslmode=disable", p);
    }

    private static Connection client() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/test?sslmode=disable", p);
    }

    private static List<String> columns(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnName(i));
            }
            return out;
        }
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    @Test
    void showCommandsHavePgBouncersColumns() throws Exception {
        String conn = "type,user,database,state,addr,port,local_addr,local_port,connect_time,request_time,wait,"
                + "wait_us,close_needed,ptr,link,remote_pid,tls,application_name";
        String[][] expected = {
            {
                "SHOW POOLS",
                "database,user,cl_active,cl_waiting,cl_active_cancel_req,cl_waiting_cancel_req,sv_active,"
                        + "sv_active_cancel,sv_being_canceled,sv_idle,sv_used,sv_tested,sv_login,maxwait,maxwait_us,pool_mode"
            },
            {
                "SHOW STATS",
                "database,total_xact_count,total_query_count,total_received,total_sent,total_xact_time,"
                        + "total_query_time,total_wait_time,avg_xact_count,avg_query_count,avg_recv,avg_sent,avg_xact_time,"
                        + "avg_query_time,avg_wait_time"
            },
            {
                "SHOW STATS_TOTALS",
                "database,xact_count,query_count,bytes_received,bytes_sent,xact_time,query_time,wait_time"
            },
            {
                "SHOW STATS_AVERAGES",
                "database,xact_count,query_count,bytes_received,bytes_sent,xact_time,query_time,wait_time"
            },
            {"SHOW TOTALS", "name,value"},
            {"SHOW CLIENTS", conn},
            {"SHOW SERVERS", conn},
            {
                "SHOW DATABASES",
                "name,host,port,database,force_user,pool_size,min_pool_size,reserve_pool,pool_mode,"
                        + "max_connections,current_connections,paused,disabled"
            },
            {"SHOW USERS", "name,pool_mode"},
            {"SHOW CONFIG", "key,value,default,changeable"},
            {"SHOW LISTS", "list,items"},
            {"SHOW VERSION", "version"},
            {"SHOW DNS_HOSTS", "hostname,ttl,addrs"},
            {"SHOW DNS_ZONES", "zonename,serial,count"}
        };
        try (Connection a = admin("postgres")) {
            for (String[] e : expected) {
                assertThat(String.join(",", columns(a, e[0]))).as(e[0]).isEqualTo(e[1]);
            }
            assertThat(rows(a, "SHOW VERSION").get(0).get(0)).startsWith("Berth ");
            assertThat(rows(a, "show lists").stream().map(r -> r.get(0)))
                    .containsExactly(
                            "databases",
                            "users",
                            "pools",
                            "free_clients",
                            "used_clients",
                            "login_clients",
                            "free_servers",
                            "used_servers",
                            "dns_names",
                            "dns_zones",
                            "dns_queries",
                            "dns_pending");
            assertThat(rows(a, "SHOW TOTALS").stream().map(r -> r.get(0)))
                    .contains("total_xact_count", "total_client_bytes", "avg_server_bytes", "avg_wait_time");
            try (Statement s = a.createStatement();
                    ResultSet rs = s.executeQuery("SHOW POOLS")) {
                assertThat(rs.getMetaData().getColumnType(3)).as("cl_active").isEqualTo(Types.BIGINT);
                assertThat(rs.getMetaData().getColumnType(16)).as("pool_mode").isEqualTo(Types.VARCHAR);
            }
            assertThat(rows(a, "show config;"))
                    .anySatisfy(r -> assertThat(r.get(0)).isEqualTo("pool_mode"));
        }
    }

    @Test
    void poolsAndClientsShowAClientHoldingAServerInATransaction() throws Exception {
        try (Connection c = client();
                Connection a = admin("postgres")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select 1");
            }
            List<List<String>> pools = rows(a, "SHOW POOLS");
            assertThat(pools).anySatisfy(r -> {
                assertThat(r.subList(0, 2)).containsExactly("test", "postgres");
                assertThat(r.get(2)).isEqualTo("1"); // cl_active
                assertThat(r.get(6)).isEqualTo("1"); // sv_active
                assertThat(r.get(15)).isEqualTo("transaction");
            });
            assertThat(rows(a, "SHOW CLIENTS"))
                    .anySatisfy(r -> assertThat(List.of(r.get(1), r.get(2), r.get(3)))
                            .containsExactly("postgres", "test", "active"));
            assertThat(rows(a, "SHOW SERVERS"))
                    .anySatisfy(r -> assertThat(r.get(3)).isEqualTo("active"));
            c.commit();
            assertThat(rows(a, "SHOW STATS")).anySatisfy(r -> {
                assertThat(r.get(0)).isEqualTo("test");
                assertThat(Long.parseLong(r.get(1))).isPositive();
            });
        }
    }

    @Test
    void pauseWaitsForTheTransactionAndResumeLetsClientsGoOn() throws Exception {
        try (Connection c = client();
                Connection a = admin("postgres")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select 1");
            }
            CompletableFuture<Void> pause = CompletableFuture.runAsync(() -> {
                try (Statement s = a.createStatement()) {
                    s.execute("PAUSE test");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // PAUSE is in effect (the database shows paused) but cannot finish while the transaction is open.
            Await.until(() -> column("SHOW DATABASES", "test", 11).equals("1"));
            assertThat(pause).isNotDone();
            c.commit();
            pause.get(10, TimeUnit.SECONDS);
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
                try (Connection other = client();
                        Statement s = other.createStatement();
                        ResultSet rs = s.executeQuery("select 'after resume'")) {
                    rs.next();
                    return rs.getString(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(() -> Long.parseLong(column("SHOW POOLS", "test", 3)) >= 1); // cl_waiting
            assertThat(waiting).isNotDone();
            try (Statement s = a.createStatement()) {
                s.execute("RESUME test");
            }
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("after resume");
        }
    }

    @Test
    void killDropsTheDatabasesClientsWithAClearError() throws Exception {
        try (Connection c = client();
                Connection a = admin("postgres")) {
            try (Statement s = c.createStatement()) {
                s.execute("select 1");
            }
            try (Statement s = a.createStatement()) {
                s.execute("KILL test");
                s.execute("RESUME test");
            }
            // KILL closes the client from its own event loop: a query may slip in before; the next one fails.
            java.util.concurrent.atomic.AtomicReference<SQLException> dropped =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Await.until(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("select 2");
                    return false;
                } catch (SQLException e) {
                    dropped.set(e);
                    return true;
                }
            });
            assertThat(dropped.get().getSQLState()).isEqualTo("57P01");
            assertThat(dropped.get().getMessage()).contains("database test was killed by the admin console");
            try (Connection again = client();
                    Statement s = again.createStatement();
                    ResultSet rs = s.executeQuery("select 3")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void disableRefusesNewClientsUntilEnable() throws Exception {
        try (Connection a = admin("postgres")) {
            try (Statement s = a.createStatement()) {
                s.execute("DISABLE test");
            }
            assertThatThrownBy(AdminConsoleIT::client)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("database does not allow connections: test");
            try (Statement s = a.createStatement()) {
                s.execute("ENABLE test");
            }
            client().close();
        }
    }

    @Test
    void statsUsersMayShowButNotControl() throws Exception {
        try (Connection w = admin("watcher")) {
            assertThat(rows(w, "SHOW POOLS")).isNotNull();
            assertThatThrownBy(() -> {
                        try (Statement s = w.createStatement()) {
                            s.execute("PAUSE");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void othersAreRefusedAtLoginWith28000() {
        assertThatThrownBy(() -> admin("nobody"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("not allowed to connect to the admin console")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    }

    @Test
    void unknownCommandsGet42601AndTheSessionGoesOn() throws Exception {
        try (Connection a = admin("postgres")) {
            assertThatThrownBy(() -> {
                        try (Statement s = a.createStatement()) {
                            s.execute("FROBNICATE");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42601"));
            assertThat(rows(a, "SHOW LISTS")).hasSize(12);
        }
    }

    @Test
    void reloadWithABrokenFileIsRefusedAndTheProxyGoesOn() throws Exception {
        try (Connection a = admin("postgres")) {
            assertThatThrownBy(() -> {
                        try (Statement s = a.createStatement()) {
                            s.execute("RELOAD");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("RELOAD refused");
            assertThat(rows(a, "SHOW VERSION")).hasSize(1);
        }
    }

    @Test
    void statsUsersGet42601ForUnknownCommandsToo() throws Exception {
        try (Connection w = admin("watcher")) {
            assertThatThrownBy(() -> {
                        try (Statement s = w.createStatement()) {
                            s.execute("FROBNICATE");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42601"));
        }
    }

    @Test
    void theConsoleShowsItselfAsPgBouncersAdminPool() throws Exception {
        try (Connection a = admin("postgres")) {
            assertThat(rows(a, "SHOW POOLS").get(0).subList(0, 3)).containsExactly("pgbouncer", "pgbouncer", "1");
            assertThat(rows(a, "SHOW CLIENTS"))
                    .anySatisfy(r -> assertThat(List.of(r.get(0), r.get(1), r.get(2), r.get(3)))
                            .containsExactly("C", "postgres", "pgbouncer", "active"));
            assertThat(rows(a, "SHOW DATABASES").get(0).get(0)).isEqualTo("pgbouncer");
        }
    }

    @Test
    void showHelpAnswersWithANotice() throws Exception {
        try (Connection a = admin("watcher");
                Statement s = a.createStatement()) {
            s.execute("SHOW HELP");
            SQLWarning w = s.getWarnings();
            assertThat((Object) w).isNotNull();
            assertThat(w.getMessage()).contains("Console usage");
        }
    }

    @Test
    void consoleConnectionsAreCountedOnceAndUncountedWhenTheyClose() throws Exception {
        for (int i = 0; i < 5; i++) {
            admin("watcher").close();
            assertThatThrownBy(() -> admin("nobody")).isInstanceOf(SQLException.class);
        }
        try (Connection a = admin("postgres")) {
            Await.until(() -> item(a, "login_clients") == 0 && item(a, "used_clients") == 1);
        }
    }

    @Test
    void reconnectMarksServersAndWaitCloseAnswersWhenTheyAreGone() throws Exception {
        try (Connection c = client();
                Connection a = admin("postgres")) {
            c.setAutoCommit(false);
            int pid;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (Statement s = a.createStatement()) {
                s.execute("RECONNECT test");
            }
            assertThat(rows(a, "SHOW SERVERS"))
                    .anySatisfy(r -> assertThat(List.of(r.get(3), r.get(12), r.get(15)))
                            .containsExactly("active", "1", String.valueOf(pid)));
            CompletableFuture<Void> waitClose = CompletableFuture.runAsync(() -> {
                try (Statement s = a.createStatement()) {
                    s.execute("WAIT_CLOSE test");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // It cannot finish while the transaction holds the server RECONNECT marked.
            assertThatThrownBy(() -> waitClose.get(300, TimeUnit.MILLISECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            c.commit();
            waitClose.get(10, TimeUnit.SECONDS);
            assertThat(rows(a, "SHOW SERVERS"))
                    .noneSatisfy(r -> assertThat(r.get(15)).isEqualTo(String.valueOf(pid)));
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getInt(1)).isNotEqualTo(pid);
            }
            c.commit();
        }
    }

    @Test
    void pauseAndResumeRefuseWhatMakesNoSense() throws Exception {
        try (Connection a = admin("postgres")) {
            assertThat(sqlState(a, "RESUME")).isEqualTo("55000");
            assertThat(sqlState(a, "PAUSE nosuchdb")).isEqualTo("3D000");
            assertThat(sqlState(a, "PAUSE pgbouncer")).isEqualTo("55000");
            assertThat(sqlState(a, "KILL")).isEqualTo("42601");
            assertThat(sqlState(a, "SHOW FDS")).isEqualTo("0A000");
        }
    }

    @Test
    void extendedProtocolGets0A000AndTheSessionGoesOn() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection a =
                DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/pgbouncer?sslmode=disable", p)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> {
                            try (Statement s = a.createStatement()) {
                                s.execute("SHOW POOLS");
                            }
                        })
                        .isInstanceOf(SQLException.class)
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
            }
        }
    }

    @Test
    void statsAveragesCoverTheLastStatsPeriod() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            try (Connection c = client();
                    Statement s = c.createStatement()) {
                while (!stop.get()) {
                    s.execute("select 1");
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection a = admin("postgres")) {
            // Once more than one stats period of 1 s has gone by, the totals exceed one period's average.
            Await.until(() -> Long.parseLong(column("SHOW STATS", "test", 2))
                    > Math.max(0, Long.parseLong(column("SHOW STATS", "test", 9))) + 100);
            List<String> test = rows(a, "SHOW STATS").stream()
                    .filter(r -> r.get(0).equals("test"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Long.parseLong(test.get(9))).as("avg_query_count").isPositive();
            assertThat(Long.parseLong(test.get(8))).as("avg_xact_count").isPositive();
            assertThat(Long.parseLong(test.get(2))).as("total_query_count").isGreaterThan(Long.parseLong(test.get(9)));
        } finally {
            stop.set(true);
            load.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void psqlListsConnectedClientsWithTheirUserAndDatabase() throws Exception {
        try (Connection c = client()) {
            Tools.Result r = Tools.psql(port, "pgbouncer", null, "-A", "-F,", "-t", "-c", "SHOW CLIENTS");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("C,postgres,test,active,127.0.0.1,"));
            assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("C,postgres,pgbouncer,active,127.0.0.1,"));
        }
    }

    /** Column {@code index} of the row named {@code name} (first column) of a SHOW, read on a connection of its own. */
    private static String column(String show, String name, int index) {
        try (Connection a = admin("postgres")) {
            return rows(a, show).stream()
                    .filter(r -> r.get(0).equals(name))
                    .map(r -> r.get(index))
                    .findFirst()
                    .orElse("-1");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long item(Connection a, String list) {
        try {
            return rows(a, "SHOW LISTS").stream()
                    .filter(r -> r.get(0).equals(list))
                    .mapToLong(r -> Long.parseLong(r.get(1)))
                    .findFirst()
                    .orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sqlState(Connection a, String sql) {
        try (Statement s = a.createStatement()) {
            s.execute(sql);
            return "00000";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void psqlShowsPoolsWithTheSameColumns() throws Exception {
        Tools.Result r = Tools.psql(port, "pgbouncer", null, "-A", "-F,", "-c", "SHOW POOLS");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.lines().get(0))
                .isEqualTo("database,user,cl_active,cl_waiting,cl_active_cancel_req,cl_waiting_cancel_req,sv_active,"
                        + "sv_active_cancel,sv_being_canceled,sv_idle,sv_used,sv_tested,sv_login,maxwait,maxwait_us,"
                        + "pool_mode");
    }
}
