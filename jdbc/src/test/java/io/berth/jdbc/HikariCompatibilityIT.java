package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The same Properties build a HikariDataSource and a BerthDataSource; both behave the same. */
class HikariCompatibilityIT {

    private static Properties shared(String poolName) {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", BerthDataSourceIT.PG_URL);
        p.setProperty("username", "postgres");
        p.setProperty("maximumPoolSize", "2");
        p.setProperty("minimumIdle", "1");
        p.setProperty("connectionTimeout", "5000");
        p.setProperty("validationTimeout", "2000");
        p.setProperty("idleTimeout", "60000");
        p.setProperty("maxLifetime", "1800000");
        p.setProperty("keepaliveTime", "30000");
        p.setProperty("leakDetectionThreshold", "0");
        p.setProperty("autoCommit", "true");
        p.setProperty("readOnly", "false");
        p.setProperty("transactionIsolation", "TRANSACTION_READ_COMMITTED");
        p.setProperty("connectionInitSql", "set application_name = 'compat'");
        p.setProperty("poolName", poolName);
        p.setProperty("dataSource.tcpKeepAlive", "true");
        return p;
    }

    /** A scenario touching what pools differ on: init SQL, state reset, rollback on return. */
    private static List<String> scenario(DataSource ds, String table) throws SQLException {
        List<String> seen = new ArrayList<>();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("drop table if exists " + table);
            st.execute("create table " + table + " (id int)");
            try (ResultSet rs = st.executeQuery("select current_setting('application_name')")) {
                rs.next();
                seen.add("application_name=" + rs.getString(1));
            }
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(false);
            try (Statement st = c.createStatement()) {
                st.execute("insert into " + table + " values (1)");
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                st.execute("insert into " + table + " values (2)");
            }
            c.rollback();
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        }
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            seen.add("rows=" + rs.getInt(1));
            seen.add("autoCommit=" + c.getAutoCommit());
            seen.add("isolation=" + c.getTransactionIsolation());
            seen.add("closedAfterClose=" + closedAfterClose(ds));
            st.execute("drop table " + table);
        }
        return seen;
    }

    private static boolean closedAfterClose(DataSource ds) throws SQLException {
        Connection c = ds.getConnection();
        c.close();
        return c.isClosed();
    }

    @Test
    void sameScenarioSameOutcomes() throws Exception {
        List<String> hikari;
        try (HikariDataSource ds = new HikariDataSource(new HikariConfig(shared("hikari-compat")))) {
            hikari = scenario(ds, "compat_hikari");
        }
        List<String> berth;
        try (BerthDataSource ds = new BerthDataSource(shared("berth-compat"))) {
            berth = scenario(ds, "compat_berth");
        }
        assertThat(berth).isEqualTo(hikari).contains("rows=1", "autoCommit=true");
    }
}
