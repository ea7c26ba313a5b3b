package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.ProxyConfig;
import io.berth.testkit.pg.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auth_user and auth_query: users the auth file does not name log in with the password PostgreSQL
 * stores for them, looked up per login as auth_user. The fixture's roles make the server itself
 * demand SCRAM (berth_scram) and md5 (berth_md5), so the proxy must also log in to PostgreSQL as
 * those users with what the lookup and the client's proof gave it.
 */
class AuthQueryIT {
    private static final String ROLE = "berth_aq";

    @TempDir
    Path dir;

    @BeforeAll
    static void roles() throws SQLException {
        PostgresFixture.ensureAuthRoles();
        try (Connection c = superuser();
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE " + ROLE + " LOGIN PASSWORD 'aq-first'");
            s.execute("DO $$ BEGIN CREATE ROLE berth_aq_nopw LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("ALTER ROLE berth_aq_nopw PASSWORD NULL");
        }
    }

    private static Connection superuser() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?sslmode=disable", p);
    }

    private BerthProxy start(String authType, String extra) throws Exception {
        extra = "admin_users = postgres\n" + extra;
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"pg-pw\"\n"); // the server trusts postgres
        return BerthProxy.start(ProxyConfig.parse("""
                [databases]
                test = host=127.0.0.1 dbname=test auth_user=postgres
                noquery = host=127.0.0.1 dbname=test
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = 0
                auth_type = %s
                auth_file = users.txt
                pool_mode = transaction
                %s
                """.formatted(authType, extra), dir));
    }

    private static Connection connect(BerthProxy proxy, String db, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/" + db + "?sslmode=disable", p);
    }

    private static String whoAmI(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Logs in through the proxy and checks PostgreSQL sees that user. */
    private static void logsIn(BerthProxy proxy, String db, String user, String password) throws SQLException {
        try (Connection c = connect(proxy, db, user, password)) {
            assertThat(whoAmI(c)).isEqualTo(user);
        }
    }

    private static void refused(BerthProxy proxy, String db, String user, String password) {
        assertThatThrownBy(() -> connect(proxy, db, user, password))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"" + user + "\"")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void aScramUserTheAuthFileDoesNotNameLogsInAndTheProxyLogsInToPostgresAsThatUser() throws Exception {
        try (BerthProxy proxy = start("scram-sha-256", "")) {
            // PostgreSQL demands SCRAM from berth_scram: the proxy answers with the client's key.
            logsIn(proxy, "test", PostgresFixture.SCRAM_USER, PostgresFixture.SCRAM_PASSWORD);
            refused(proxy, "test", PostgresFixture.SCRAM_USER, "wrong");
            refused(proxy, "test", "berth_no_such_role", "whatever");
            refused(proxy, "test", "berth_aq_nopw", "anything"); // no password stored: nothing to check against
            refused(proxy, "noquery", PostgresFixture.SCRAM_USER, PostgresFixture.SCRAM_PASSWORD); // no auth_user there
            logsIn(proxy, "test", "postgres", "pg-pw"); // the auth file's user, as before
        }
    }

    @Test
    void anMd5UserLogsInWithMd5AndThePasswordFromPgAuthid() throws Exception {
        try (BerthProxy proxy = start("md5", "")) {
            logsIn(proxy, "test", PostgresFixture.MD5_USER, PostgresFixture.MD5_PASSWORD);
            refused(proxy, "test", PostgresFixture.MD5_USER, "wrong");
        }
    }

    @Test
    void aPasswordChangedInPostgresCountsAtTheNextLogin() throws Exception {
        try (BerthProxy proxy = start("scram-sha-256", "")) {
            logsIn(proxy, "test", ROLE, "aq-first");
            try (Connection c = superuser();
                    Statement s = c.createStatement()) {
                s.execute("ALTER ROLE " + ROLE + " PASSWORD 'aq-second'");
            }
            try {
                refused(proxy, "test", ROLE, "aq-first");
                logsIn(proxy, "test", ROLE, "aq-second");
            } finally {
                try (Connection c = superuser();
                        Statement s = c.createStatement()) {
                    s.execute("ALTER ROLE " + ROLE + " PASSWORD 'aq-first'");
                }
            }
        }
    }

    @Test
    void md5AnswersAUserWhoseStoredSecretIsScramWithScram() throws Exception {
        // PostgreSQL stores SCRAM by default; auth_type = md5 (PgBouncer's default) switches to SCRAM then.
        try (BerthProxy proxy = start("md5", "")) {
            logsIn(proxy, "test", PostgresFixture.SCRAM_USER, PostgresFixture.SCRAM_PASSWORD);
            refused(proxy, "test", PostgresFixture.SCRAM_USER, "wrong");
        }
    }

    @Test
    void aFailedLoginAttemptDoesNotChangeWhatThePoolLogsInWith() throws Exception {
        try (BerthProxy proxy = start("scram-sha-256", "")) {
            logsIn(proxy, "test", PostgresFixture.SCRAM_USER, PostgresFixture.SCRAM_PASSWORD);
            refused(proxy, "test", PostgresFixture.SCRAM_USER, "wrong");
            refused(proxy, "noquery", PostgresFixture.SCRAM_USER, "wrong");
            // New server connections for the pool still log in with the stored secret and the client's key.
            Properties admin = new Properties();
            admin.setProperty("user", "postgres");
            admin.setProperty("password", "pg-pw");
            admin.setProperty("preferQueryMode", "simple");
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/pgbouncer?sslmode=disable",
                            admin);
                    Statement s = c.createStatement()) {
                s.execute("RECONNECT test");
            }
            logsIn(proxy, "test", PostgresFixture.SCRAM_USER, PostgresFixture.SCRAM_PASSWORD);
        }
    }

    @Test
    void aFailingAuthQueryGets08006NamingTheLookupAndTheProxyServesOthers() throws Exception {
        try (BerthProxy proxy = start(
                "scram-sha-256", "auth_query = SELECT usename, passwd FROM berth_no_such_table WHERE usename=$1")) {
            assertThatThrownBy(() -> connect(proxy, "test", PostgresFixture.SCRAM_USER, PostgresFixture.SCRAM_PASSWORD))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("could not look up the password of user \"berth_scram\" with auth_query")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08006"));
            logsIn(proxy, "test", "postgres", "pg-pw");
        }
    }
}
