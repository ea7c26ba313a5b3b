package io.berth.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.pg.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Secrets as the real PostgreSQL stores them in pg_authid. */
class PostgresSecretTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x",
                "correct horse battery staple",
                "p\u00e4ssw\u00f6rd", // NFKC-stable non-ASCII
                "\uff50\uff41\uff53\uff53", // full-width letters: NFKC makes them "pass"
                "a\u00a0b\u00adc", // no-break space becomes ' ', soft hyphen disappears
                "caf\u0065\u0301", // combining accent: NFKC composes it
                "\u05d0a\u05d1", // RTL text with an LTR letter: SASLprep fails, raw bytes are used
                "\u0007\u00e9", // a control character: SASLprep fails, raw bytes are used
            })
    void derivingAPasswordGivesTheSecretPostgresStores(String password) throws SQLException {
        String role = "berth_auth_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = PostgresFixture.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE " + role + " PASSWORD '" + password + "'");
            try {
                String stored = rolpassword(connection, role);

                ScramSecret secret = ScramSecret.parse(stored);
                assertThat(Secret.parse(stored)).isEqualTo(secret);
                assertThat(secret.encode()).isEqualTo(stored);
                assertThat(ScramSecret.derive(password, secret.salt(), secret.iterations()))
                        .isEqualTo(secret);
            } finally {
                statement.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void md5PasswordPostgresStoresIsOurPasswordHash() throws SQLException {
        String role = "berth_auth_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = PostgresFixture.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'md5'");
            statement.execute("CREATE ROLE " + role + " PASSWORD 'md5 pw'");
            try {
                String stored = rolpassword(connection, role);

                assertThat(Secret.parse(stored)).isEqualTo(new Md5Secret(Md5.passwordHash(role, "md5 pw")));
            } finally {
                statement.execute("DROP ROLE " + role);
            }
        }
    }

    private static String rolpassword(Connection connection, String role) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
