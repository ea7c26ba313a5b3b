package io.berth.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testkit.pg.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logging in to the real PostgreSQL over a raw socket, with our SCRAM client and our md5 answer
 * ({@link PostgresFixture#ensureAuthRoles()} makes it require them for two roles).
 */
class PostgresLoginTest {
    private static final int AUTH_OK = 0;
    private static final int AUTH_MD5 = 5;
    private static final int AUTH_SASL = 10;
    private static final int AUTH_SASL_CONTINUE = 11;
    private static final int AUTH_SASL_FINAL = 12;
    private static final String INVALID_PASSWORD = "28P01";

    @BeforeAll
    static void requirePasswords() {
        PostgresFixture.ensureAuthRoles();
    }

    @Test
    void scramLoginWithThePasswordIsAccepted() throws Exception {
        ScramClientExchange client =
                ScramClientExchange.withPassword(PostgresFixture.SCRAM_PASSWORD, new ScramKeyCache());

        PgWire.Message last = scramLogin(PostgresFixture.SCRAM_USER, client);

        assertThat(last.authCode()).isEqualTo(AUTH_OK);
        assertThat(client.verified()).isTrue();
    }

    @Test
    void scramLoginWithAWrongPasswordGetsInvalidPassword() throws Exception {
        ScramClientExchange client = ScramClientExchange.withPassword("not-the-password", new ScramKeyCache());

        PgWire.Message last = scramLogin(PostgresFixture.SCRAM_USER, client);

        assertThat(last.type()).isEqualTo('E');
        assertThat(last.sqlState()).isEqualTo(INVALID_PASSWORD);
    }

    @Test
    void clientKeyRecoveredFromAClientsProofLogsInWithoutThePassword() throws Exception {
        ScramSecret serverSecret = ScramSecret.parse(rolpassword(PostgresFixture.SCRAM_USER));
        // a client logs in to the proxy, which verifies it against the server's own secret
        ScramClientExchange clientOfProxy =
                ScramClientExchange.withPassword(PostgresFixture.SCRAM_PASSWORD, new ScramKeyCache());
        ScramServerExchange proxy = new ScramServerExchange(serverSecret);
        clientOfProxy.verifyServerFinal(proxy.serverFinal(
                clientOfProxy.clientFinal(proxy.serverFirst("SCRAM-SHA-256", clientOfProxy.clientFirst()))));

        ScramClientExchange proxyToServer = ScramClientExchange.withKeys(proxy.clientKey(), serverSecret);
        PgWire.Message last = scramLogin(PostgresFixture.SCRAM_USER, proxyToServer);

        assertThat(last.authCode()).isEqualTo(AUTH_OK);
        assertThat(proxyToServer.verified()).isTrue();
    }

    @Test
    void clientKeyOfAnotherSecretCannotLogInAndTheErrorSaysWhy() throws Exception {
        ScramSecret proxySecret = ScramSecret.derive(PostgresFixture.SCRAM_PASSWORD, new byte[] {1, 2, 3}, 4096);
        byte[] clientKey = Scram.keys(PostgresFixture.SCRAM_PASSWORD, new byte[] {1, 2, 3}, 4096)
                .clientKey();
        ScramClientExchange proxyToServer = ScramClientExchange.withKeys(clientKey, proxySecret);

        assertThatThrownBy(() -> scramLogin(PostgresFixture.SCRAM_USER, proxyToServer))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("differs from the proxy's")
                .hasMessageContaining("auth_file");
    }

    @Test
    void md5LoginWithThePasswordIsAccepted() throws Exception {
        PgWire.Message last = md5Login(Md5.passwordHash(PostgresFixture.MD5_USER, PostgresFixture.MD5_PASSWORD));

        assertThat(last.authCode()).isEqualTo(AUTH_OK);
    }

    @Test
    void md5LoginWithAWrongPasswordGetsInvalidPassword() throws Exception {
        PgWire.Message last = md5Login(Md5.passwordHash(PostgresFixture.MD5_USER, "not-the-password"));

        assertThat(last.type()).isEqualTo('E');
        assertThat(last.sqlState()).isEqualTo(INVALID_PASSWORD);
    }

    /** StartupMessage, R 10, SASLInitialResponse, R 11, SASLResponse, then R 12 + R 0 or an ErrorResponse. */
    private static PgWire.Message scramLogin(String user, ScramClientExchange client) throws Exception {
        try (PgWire wire = PgWire.connect()) {
            wire.startup(user, PostgresFixture.DATABASE);
            PgWire.Message sasl = wire.read();
            assertThat(sasl.authCode()).isEqualTo(AUTH_SASL);
            assertThat(sasl.mechanisms()).contains("SCRAM-SHA-256");

            wire.sendSaslInitialResponse("SCRAM-SHA-256", client.clientFirst());
            PgWire.Message saslContinue = wire.read();
            assertThat(saslContinue.authCode()).isEqualTo(AUTH_SASL_CONTINUE);

            wire.sendSaslResponse(client.clientFinal(saslContinue.authData()));
            PgWire.Message reply = wire.read();
            if (reply.type() == 'E') {
                return reply;
            }
            assertThat(reply.authCode()).isEqualTo(AUTH_SASL_FINAL);
            client.verifyServerFinal(reply.authData());
            return wire.read();
        }
    }

    /** StartupMessage, R 5 with a salt, PasswordMessage, then R 0 or an ErrorResponse. */
    private static PgWire.Message md5Login(String md5Hash) throws Exception {
        try (PgWire wire = PgWire.connect()) {
            wire.startup(PostgresFixture.MD5_USER, PostgresFixture.DATABASE);
            PgWire.Message request = wire.read();
            assertThat(request.authCode()).isEqualTo(AUTH_MD5);
            byte[] salt = request.authData();
            assertThat(salt).hasSize(4);

            wire.sendPassword(Md5.response(md5Hash, salt));
            return wire.read();
        }
    }

    private static String rolpassword(String role) throws Exception {
        try (Connection connection = PostgresFixture.connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
