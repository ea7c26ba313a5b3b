package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.PoolMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransactionModeIT {
    static TestProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        proxy = TestProxy.start(PoolMode.TRANSACTION);
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void simpleQueryGoesThroughTheProxy() throws Exception {
        try (Connection c = proxy.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select 1 + 1, current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getString(2)).isEqualTo("test");
        }
    }

    @Test
    void manyClientsShareTheSmallPool() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        Set<Integer> backends = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                try (Connection c = proxy.connect()) {
                    int sum = 0;
                    for (int k = 0; k < 50; k++) {
                        try (PreparedStatement ps =
                                c.prepareStatement("select ?::int + pg_backend_pid() * 0, pg_backend_pid()")) {
                            ps.setInt(1, n + k);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                sum += rs.getInt(1);
                                backends.add(rs.getInt(2));
                            }
                        }
                    }
                    return sum;
                }
            }));
        }
        for (int i = 0; i < 20; i++) {
            int expected = 0;
            for (int k = 0; k < 50; k++) {
                expected += i + k;
            }
            assertThat(results.get(i).get()).isEqualTo(expected);
        }
        pool.shutdown();
        assertThat(backends).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void transactionKeepsItsServerUntilCommit() throws Exception {
        try (Connection c = proxy.connect()) {
            c.setAutoCommit(false);
            Set<Integer> pids = new HashSet<>();
            try (Statement s = c.createStatement()) {
                s.execute("create temp table t_tx (x int) on commit drop");
                for (int i = 0; i < 5; i++) {
                    s.execute("insert into t_tx values (" + i + ")");
                    try (ResultSet rs = s.executeQuery("select pg_backend_pid(), count(*) from t_tx")) {
                        rs.next();
                        pids.add(rs.getInt(1));
                        assertThat(rs.getInt(2)).isEqualTo(i + 1);
                    }
                }
            }
            c.commit();
            assertThat(pids).hasSize(1);
        }
    }

    @Test
    void sqlErrorsReachTheClientAndTheSessionGoesOn() throws Exception {
        try (Connection c = proxy.connect();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("select 1/0"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("division by zero");
            try (ResultSet rs = s.executeQuery("select 42")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void startupSettingsFollowTheClientToEveryServer() throws Exception {
        Properties p = new Properties();
        p.setProperty("options", "-c TimeZone=Asia/Tokyo -c search_path=pg_catalog");
        p.setProperty("ApplicationName", "berth-it");
        try (Connection a = proxy.connect("test", p);
                Connection b = proxy.connect()) {
            for (int i = 0; i < 10; i++) {
                try (Statement s = a.createStatement();
                        ResultSet rs = s.executeQuery(
                                "select current_setting('TimeZone'), current_setting('search_path'), current_setting('application_name')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("Asia/Tokyo");
                    assertThat(rs.getString(2)).isEqualTo("pg_catalog");
                    assertThat(rs.getString(3)).isEqualTo("berth-it");
                }
                try (Statement s = b.createStatement();
                        ResultSet rs = s.executeQuery(
                                "select current_setting('search_path'), current_setting('application_name')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("\"$user\", public");
                    assertThat(rs.getString(2)).isNotEqualTo("berth-it");
                }
            }
        }
    }

    @Test
    void unknownDatabaseIsRefusedWith3D000() {
        assertThatThrownBy(() -> proxy.connect("nope", new Properties()))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("3D000"))
                .hasMessageContaining("no such database: nope");
    }
}
