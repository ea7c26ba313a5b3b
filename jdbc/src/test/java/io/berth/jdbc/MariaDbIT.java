package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** BerthDataSource against the real MariaDB on 127.0.0.1:3306 (root, no password, database test). */
class MariaDbIT {

    private static BerthDataSource mariadb() {
        return new BerthDataSource(BerthConfig.custom()
                .jdbcUrl("jdbc:mariadb://127.0.0.1:3306/test")
                .username("root")
                .password("")
                .poolName("mariadb-it")
                .maximumPoolSize(1)
                .build());
    }

    @Test
    void uncommittedWorkIsRolledBackAndStateRestoredOnReturn() throws Exception {
        try (BerthDataSource ds = mariadb()) {
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("create table if not exists berth_reset_it (id int) engine=InnoDB");
                st.execute("truncate table berth_reset_it");
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                try (Statement st = c.createStatement()) {
                    st.execute("insert into berth_reset_it values (1)");
                }
            }
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select count(*) from berth_reset_it")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
                assertThat(c.getAutoCommit()).isTrue();
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            }
        }
    }
}
