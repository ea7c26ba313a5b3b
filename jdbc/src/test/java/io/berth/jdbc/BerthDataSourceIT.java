package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testkit.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** BerthDataSource against the real PostgreSQL on 127.0.0.1:5432 (database test, trust auth). */
class BerthDataSourceIT {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private static BerthConfig.Builder pg() {
        return BerthConfig.custom()
                .jdbcUrl(PG_URL)
                .username("postgres")
                .poolName("pg-it")
                .maximumPoolSize(2);
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void connectionIsReturnedOnCloseAndReusedWarm() throws Exception {
        try (BerthDataSource ds = new BerthDataSource(pg().minimumIdle(1).build())) {
            int pid;
            try (Connection c = ds.getConnection()) {
                pid = backendPid(c);
                assertThat(ds.stats().leased()).isEqualTo(1);
            }
            assertThat(ds.stats().leased()).isZero();
            try (Connection c = ds.getConnection()) {
                assertThat(backendPid(c)).isEqualTo(pid);
            }
        }
    }

    @Test
    void changedSessionStateAndOpenTransactionsAreUndoneOnReturn() throws Exception {
        try (BerthDataSource ds = new BerthDataSource(pg().maximumPoolSize(1).build())) {
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("create table if not exists berth_reset_it (id int)");
                st.execute("truncate berth_reset_it");
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                c.setReadOnly(false);
                try (Statement st = c.createStatement()) {
                    st.execute("insert into berth_reset_it values (1)");
                }
                // returned with the insert neither committed nor rolled back
            }
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select count(*) from berth_reset_it")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("the uncommitted insert was rolled back")
                        .isZero();
                assertThat(c.getAutoCommit()).isTrue();
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
    }

    @Test
    void failsFastWhileTheDatabaseIsDownAndRecoversWhenItAppears() throws Exception {
        int port = TcpForwarder.freePort();
        BerthConfig config = BerthConfig.custom()
                .jdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/test?connectTimeout=2")
                .username("postgres")
                .poolName("down-it")
                .maximumPoolSize(2)
                .minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(10))
                .initializationFailTimeout(-1)
                .build();
        try (BerthDataSource ds = new BerthDataSource(config)) {
            // The first callers wait while creation fails and backs off, until the breaker opens.
            Await.until(Duration.ofSeconds(20), () -> {
                long start = System.nanoTime();
                try (Connection ignored = ds.getConnection()) {
                    return false;
                } catch (SQLException e) {
                    return System.nanoTime() - start < Duration.ofMillis(50).toNanos();
                }
            });
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(ds::getConnection)
                        .isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("down-it")
                        .hasMessageContaining("backend is down");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
            }
            try (TcpForwarder server = new TcpForwarder(port, 5432)) {
                Await.until(Duration.ofSeconds(30), () -> {
                    try (Connection c = ds.getConnection()) {
                        return c.isValid(1);
                    } catch (SQLException e) {
                        return false;
                    }
                });
            }
        }
    }

    @Test
    void hikariPropertiesWorkUnchanged() throws Exception {
        Properties props = new Properties();
        props.setProperty("jdbcUrl", PG_URL);
        props.setProperty("username", "postgres");
        props.setProperty("maximumPoolSize", "3");
        props.setProperty("minimumIdle", "1");
        props.setProperty("connectionTimeout", "5000");
        props.setProperty("idleTimeout", "600000");
        props.setProperty("maxLifetime", "1800000");
        props.setProperty("poolName", "props-it");
        props.setProperty("autoCommit", "false");
        props.setProperty("transactionIsolation", "TRANSACTION_REPEATABLE_READ");
        props.setProperty("dataSource.ApplicationName", "berth-it");
        try (BerthDataSource ds = new BerthDataSource(props);
                Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select current_setting('application_name')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("berth-it");
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    @Test
    void invalidSettingNamesTheSettingAndTheRange() {
        Properties props = new Properties();
        props.setProperty("jdbcUrl", PG_URL);
        props.setProperty("connectionTimeout", "100");
        assertThatThrownBy(() -> new BerthDataSource(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectionTimeout must be at least 250 ms, was 100 ms");
        props.setProperty("connectionTimeout", "1000");
        props.setProperty("maximumPoolSizes", "3");
        assertThatThrownBy(() -> new BerthDataSource(props))
                .hasMessageContaining("unknown setting 'maximumPoolSizes'")
                .hasMessageContaining("maximumPoolSize");
    }

    @Test
    void beanSettersStartThePoolOnFirstUse() throws Exception {
        try (BerthDataSource ds = new BerthDataSource()) {
            ds.setJdbcUrl(PG_URL);
            ds.setUsername("postgres");
            ds.setMaximumPoolSize(2);
            assertThat(ds.stats().total()).isZero();
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            assertThatThrownBy(() -> ds.setMaximumPoolSize(5)).isInstanceOf(IllegalStateException.class);
        }
    }
}
