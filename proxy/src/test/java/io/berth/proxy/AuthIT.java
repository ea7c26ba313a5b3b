package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pg.auth.Md5;
import io.berth.pg.auth.ScramSecret;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.Backend;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import io.berth.testkit.pg.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client authentication by every auth_type against plain, md5 and SCRAM secrets, the refusals with
 * their SQLSTATEs (and no server connection opened for them), and logging in to a PostgreSQL that
 * itself demands SCRAM or md5.
 */
class AuthIT {
    static final Map<String, String> USERS = Map.of(
            "alice", "alice-pw",
            "bob", Md5.passwordHash("bob", "bob-pw"),
            "carol",
                    ScramSecret.derive(
                                    "carol-pw",
                                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                                    4096)
                            .encode());

    @BeforeAll
    static void roles() {
        PostgresFixture.ensureAuthRoles();
    }

    private static TestProxy proxy(ClientAuthMethod method) throws Exception {
        return TestProxy.start(
                TestProxy.settings(PoolMode.TRANSACTION, method, 100, Duration.ofSeconds(10)),
                4,
                USERS,
                "postgres",
                null);
    }

    private static Connection connect(TestProxy proxy, String database, String user, String password)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(proxy.jdbcUrl(database), p);
    }

    private static String whoAmI(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = ClientAuthMethod.class,
            names = {"SCRAM_SHA_256", "MD5", "PLAIN"})
    void rightPasswordsAreAcceptedForEverySecretKindTheMethodCanCheck(ClientAuthMethod method) throws Exception {
        try (TestProxy proxy = proxy(method)) {
            try (Connection c = connect(proxy, "test", "alice", "alice-pw")) {
                assertThat(whoAmI(c)).isEqualTo("postgres");
            }
            if (method != ClientAuthMethod.SCRAM_SHA_256) {
                try (Connection c = connect(proxy, "test", "bob", "bob-pw")) {
                    assertThat(whoAmI(c)).isEqualTo("postgres");
                }
            }
            // Under md5 too: a SCRAM secret cannot check md5, so carol gets SCRAM (as with PgBouncer).
            try (Connection c = connect(proxy, "test", "carol", "carol-pw")) {
                assertThat(whoAmI(c)).isEqualTo("postgres");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = ClientAuthMethod.class,
            names = {"SCRAM_SHA_256", "MD5", "PLAIN"})
    void wrongPasswordAndUnknownUserGet28P01AndNoServerConnection(ClientAuthMethod method) throws Exception {
        try (TestProxy proxy = proxy(method)) {
            for (String[] login : new String[][] {{"alice", "nope"}, {"mallory", "whatever"}}) {
                assertThatThrownBy(() -> connect(proxy, "test", login[0], login[1]))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("password authentication failed for user \"" + login[0] + "\"")
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            }
            assertThat(proxy.px.backends().all()).isEmpty();
            assertThat(proxy.px.backends().totalServerConnections()).isZero();
        }
    }

    @Test
    void unknownDatabaseGets3D000BeforeAnyPasswordAndNoServerConnection() throws Exception {
        try (TestProxy proxy = proxy(ClientAuthMethod.SCRAM_SHA_256)) {
            assertThatThrownBy(() -> connect(proxy, "no_such_db", "alice", "alice-pw"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no such database: no_such_db")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("3D000"));
            assertThat(proxy.px.backends().all()).isEmpty();
        }
    }

    @Test
    void trustLetsListedUsersInWithoutAPassword() throws Exception {
        try (TestProxy proxy = proxy(ClientAuthMethod.TRUST)) {
            try (Connection c = connect(proxy, "test", "alice", "anything")) {
                assertThat(whoAmI(c)).isEqualTo("postgres");
            }
            assertThatThrownBy(() -> connect(proxy, "test", "mallory", ""))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        }
    }

    @Test
    void logsInToAScramServerWithTheKeyFromTheClientsProof() throws Exception {
        String stored;
        try (Connection admin = PostgresFixture.connect();
                Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery(
                        "select rolpassword from pg_authid where rolname = '" + PostgresFixture.SCRAM_USER + "'")) {
            rs.next();
            stored = rs.getString(1);
        }
        try (TestProxy proxy = TestProxy.start(
                TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.SCRAM_SHA_256, 100, Duration.ofSeconds(10)),
                2,
                Map.of(PostgresFixture.SCRAM_USER, stored),
                null,
                null)) {
            try (Connection c = connect(proxy, "test", PostgresFixture.SCRAM_USER, PostgresFixture.SCRAM_PASSWORD)) {
                assertThat(whoAmI(c)).isEqualTo(PostgresFixture.SCRAM_USER);
            }
        }
    }

    @Test
    void logsInToScramAndMd5ServersWithPlainPasswordsFromTheAuthFile() throws Exception {
        try (TestProxy proxy = TestProxy.start(
                TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.MD5, 100, Duration.ofSeconds(10)),
                2,
                Map.of(
                        PostgresFixture.SCRAM_USER, PostgresFixture.SCRAM_PASSWORD,
                        PostgresFixture.MD5_USER, PostgresFixture.MD5_PASSWORD),
                null,
                null)) {
            try (Connection c = connect(proxy, "test", PostgresFixture.SCRAM_USER, PostgresFixture.SCRAM_PASSWORD)) {
                assertThat(whoAmI(c)).isEqualTo(PostgresFixture.SCRAM_USER);
            }
            try (Connection c = connect(proxy, "test", PostgresFixture.MD5_USER, PostgresFixture.MD5_PASSWORD)) {
                assertThat(whoAmI(c)).isEqualTo(PostgresFixture.MD5_USER);
            }
            for (Backend b : proxy.px.backends().all()) {
                assertThat(b.servers()).isNotEmpty();
            }
        }
    }
}
