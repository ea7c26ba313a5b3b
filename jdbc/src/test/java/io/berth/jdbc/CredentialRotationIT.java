package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotation against MariaDB, which checks passwords (the local PostgreSQL trusts every login): the
 * role's password changes mid-test, the supplier hands out the new one, and nobody sees an error.
 */
class CredentialRotationIT {
    private static final String ROOT_URL = "jdbc:mariadb://127.0.0.1:3306/test";

    private static void asRoot(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ROOT_URL, "root", "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long connectionId(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select connection_id()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @BeforeEach
    void createRole() throws SQLException {
        asRoot("drop user if exists 'berth_rotation'@'%'");
        asRoot("create user 'berth_rotation'@'%' identified by 'first-secret'");
        asRoot("grant select on test.* to 'berth_rotation'@'%'");
    }

    @AfterEach
    void dropRole() throws SQLException {
        asRoot("drop user if exists 'berth_rotation'@'%'");
    }

    @Test
    void rotatedPasswordIsUsedForNewConnectionsWithoutAnOutage() throws Exception {
        AtomicReference<Credentials> secret = new AtomicReference<>(new Credentials("berth_rotation", "first-secret"));
        BerthConfig config = BerthConfig.custom()
                .jdbcUrl(ROOT_URL)
                .poolName("rotation-it")
                .maximumPoolSize(2)
                .minimumIdle(0)
                .build();
        try (BerthDataSource ds = new BerthDataSource(config, secret::get)) {
            Connection held = ds.getConnection();
            long heldId = connectionId(held);
            long idleId;
            try (Connection c = ds.getConnection()) {
                idleId = connectionId(c);
            }

            asRoot("alter user 'berth_rotation'@'%' identified by 'second-secret'");
            secret.set(new Credentials("berth_rotation", "second-secret"));
            ds.rotateCredentials();

            assertThat(held.isValid(2)).as("a connection in use keeps working").isTrue();
            long newId;
            try (Connection c = ds.getConnection()) {
                newId = connectionId(c);
                assertThat(newId).as("the idle connection was replaced").isNotIn(heldId, idleId);
            }
            held.close();
            try (Connection a = ds.getConnection();
                    Connection b = ds.getConnection()) {
                assertThat(connectionId(a)).isNotEqualTo(heldId);
                assertThat(connectionId(b)).isNotEqualTo(heldId);
            }
        }
    }
}
