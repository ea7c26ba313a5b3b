package io.berth.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.Connector;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/** The wrappers over a real pool of real PostgreSQL connections. */
class ProxyConnectionIT {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private Pool<PooledConnection> pool;

    /** Opens with DriverManager, resets with PooledConnection.reset, as the real connector does. */
    private static final class PgConnector implements Connector<PooledConnection> {
        @Override
        public PooledConnection create() throws SQLException {
            return new PooledConnection(plainConnection());
        }

        @Override
        public void reset(PooledConnection connection) throws SQLException {
            connection.reset();
        }

        @Override
        public void close(PooledConnection connection) throws SQLException {
            connection.raw().close();
        }
    }

    private static Connection plainConnection() throws SQLException {
        return DriverManager.getConnection(URL, "postgres", "");
    }

    @BeforeEach
    void startPool() {
        pool = Pool.create(PoolConfig.custom().name("t").maxSize(2).build(), new PgConnector());
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    private Connection borrow() throws InterruptedException {
        return new ProxyConnection(pool.acquire(Duration.ofSeconds(5)), "t");
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void closeReturnsTheConnectionToThePool() throws Exception {
        Connection c = borrow();
        assertThat(pool.stats().leased()).isEqualTo(1);
        c.close();
        assertThat(pool.stats().leased()).isZero();
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(c.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
        c.close(); // a second close does nothing
        assertThat(pool.stats().idle()).isEqualTo(1);
    }

    @Test
    void callsAfterCloseThrowConnectionIsClosed() throws Exception {
        Connection c = borrow();
        c.close();
        assertThatThrownBy(c::createStatement)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("connection is closed")
                .hasMessageContaining("'t'")
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("08003");
        assertThatThrownBy(() -> c.setAutoCommit(false)).hasMessageContaining("connection is closed");
        assertThatThrownBy(c::commit).hasMessageContaining("connection is closed");
        assertThatThrownBy(() -> c.unwrap(PGConnection.class)).hasMessageContaining("connection is closed");
        assertThatThrownBy(() -> c.setClientInfo("ApplicationName", "x")).hasMessageContaining("connection is closed");
    }

    @Test
    void openStatementsAreClosedWithTheConnection() throws Exception {
        Connection c = borrow();
        Statement st = c.createStatement();
        PreparedStatement ps = c.prepareStatement("select ?");
        CallableStatement cs = c.prepareCall("{call pg_sleep(0)}");
        Statement closedEarly = c.createStatement();
        closedEarly.close();
        ResultSet rs = st.executeQuery("select 1");
        Statement rawStatement = st.unwrap(PGStatement.class) instanceof Statement s ? s : null;
        c.close();
        assertThat(st.isClosed()).isTrue();
        assertThat(ps.isClosed()).isTrue();
        assertThat(cs.isClosed()).isTrue();
        assertThat(rs.isClosed()).isTrue();
        assertThat(rawStatement).isNotNull();
        assertThat(rawStatement.isClosed()).isTrue();
        assertThatThrownBy(() -> st.executeQuery("select 1")).hasMessageContaining("statement is closed");
        assertThatThrownBy(() -> ps.setInt(1, 1)).hasMessageContaining("statement is closed");
        assertThatThrownBy(rs::next).hasMessageContaining("result set is closed");
    }

    @Test
    void getStatementAndGetConnectionReturnTheProxies() throws Exception {
        try (Connection c = borrow()) {
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("select 1");
            assertThat(rs.getStatement()).isSameAs(st);
            assertThat(st.getConnection()).isSameAs(c);
            PreparedStatement ps = c.prepareStatement("select ?");
            ps.setInt(1, 42);
            ResultSet prs = ps.executeQuery();
            assertThat(prs.next()).isTrue();
            assertThat(prs.getInt(1)).isEqualTo(42);
            assertThat(prs.getStatement()).isSameAs(ps);
            assertThat(ps.getConnection()).isSameAs(c);
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getConnection()).isSameAs(c);
            ResultSet tables = md.getTables(null, "pg_catalog", "pg_class", null);
            assertThat(tables.next()).isTrue();
            assertThat(tables.getStatement()).isNull();
            assertThat(tables.getClass().getSimpleName()).isEqualTo("ProxyResultSet");
        }
    }

    @Test
    void unwrapReachesTheDriversObjects() throws Exception {
        try (Connection c = borrow()) {
            assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
            assertThat(c.unwrap(PGConnection.class)).isInstanceOf(PGConnection.class);
            assertThat(c.unwrap(PGConnection.class)).isNotSameAs(c);
            Statement st = c.createStatement();
            assertThat(st.unwrap(PGStatement.class)).isInstanceOf(PGStatement.class);
            assertThat(c.getMetaData().unwrap(org.postgresql.jdbc.PgDatabaseMetaData.class))
                    .isNotNull();
        }
    }

    @Test
    void sessionStateChangedByABorrowerIsRestoredForTheNext() throws Exception {
        int pid;
        try (Connection c = borrow()) {
            pid = backendPid(c);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setSchema("pg_catalog");
        }
        try (Connection c = borrow()) {
            assertThat(backendPid(c)).isEqualTo(pid);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(c.isReadOnly()).isFalse();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.getSchema()).isEqualTo("public");
        }
    }

    @Test
    void anUncommittedTransactionIsRolledBackOnReturn() throws Exception {
        String table = "proxy_it_" + System.nanoTime();
        try (Connection admin = plainConnection();
                Statement st = admin.createStatement()) {
            st.execute("create table " + table + " (id int)");
        }
        try {
            try (Connection c = borrow()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("insert into " + table + " values (1)");
                }
            }
            try (Connection c = borrow();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select count(*) from " + table)) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        } finally {
            try (Connection admin = plainConnection();
                    Statement st = admin.createStatement()) {
                st.execute("drop table " + table);
            }
        }
    }

    @Test
    void aCommittedTransactionStays() throws Exception {
        String table = "proxy_it_" + System.nanoTime();
        try (Connection c = borrow();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("create table " + table + " (id int)");
            st.executeUpdate("insert into " + table + " values (1)");
            c.commit();
        }
        try (Connection c = borrow();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            st.execute("drop table " + table);
        }
    }

    @Test
    void aTerminatedBackendFailsFatallyAndIsEvictedOnReturn() throws Exception {
        int pid;
        Connection c = borrow();
        pid = backendPid(c);
        try (Connection admin = plainConnection();
                PreparedStatement kill = admin.prepareStatement("select pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            try (ResultSet rs = kill.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
        Statement st = c.createStatement();
        assertThatThrownBy(() -> st.executeQuery("select 1"))
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(FatalErrors.isFatal(e))
                                .as("SQLState %s", e.getSQLState())
                                .isTrue());
        assertThat(c.unwrap(ProxyConnection.class)).isSameAs(c);
        c.close();
        assertThat(pool.stats().total()).isZero();
        try (Connection next = borrow()) {
            assertThat(backendPid(next)).isNotEqualTo(pid);
        }
    }

    @Test
    void aNonFatalErrorKeepsTheConnection() throws Exception {
        int pid;
        try (Connection c = borrow();
                Statement st = c.createStatement()) {
            pid = backendPid(c);
            c.setAutoCommit(false);
            assertThatThrownBy(() -> st.execute("select * from no_such_table_here"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
        }
        assertThat(pool.stats().idle()).isEqualTo(1);
        try (Connection c = borrow()) {
            assertThat(backendPid(c)).isEqualTo(pid);
        }
    }

    @Test
    void abortEvictsTheConnection() throws Exception {
        Connection c = borrow();
        c.abort(Runnable::run);
        assertThat(c.isClosed()).isTrue();
        assertThat(pool.stats().total()).isZero();
        c.close();
        assertThat(pool.stats().total()).isZero();
    }
}
