package io.berth.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretTest {
    private static final String RFC_SECRET = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";

    @Test
    void scramValueParsesToAScramSecret() {
        Secret secret = Secret.parse(RFC_SECRET);

        assertThat(secret).isInstanceOf(ScramSecret.class);
        ScramSecret scram = (ScramSecret) secret;
        assertThat(scram.iterations()).isEqualTo(4096);
        assertThat(scram.salt()).isEqualTo(Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="));
        assertThat(scram.encode()).isEqualTo(RFC_SECRET);
    }

    @Test
    void derivedSecretOfTheRfcPasswordEncodesToTheSameValue() {
        ScramSecret derived =
                ScramSecret.derive("pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

        assertThat(derived.encode()).isEqualTo(RFC_SECRET);
        assertThat(derived).isEqualTo(ScramSecret.parse(RFC_SECRET));
    }

    @Test
    void md5ValueParsesToAnMd5Secret() {
        String hash = Md5.passwordHash("alice", "secret");

        assertThat(Secret.parse(hash)).isEqualTo(new Md5Secret(hash));
    }

    @ParameterizedTest
    @CsvSource({
        "secret",
        "md5",
        "md5ABCDEF0123456789abcdef0123456789", // upper case hex: PostgreSQL takes it as a password too
        "md50123456789abcdef0123456789abcde", // 31 digits
        "SCRAM-SHA-256", // no '$'
    })
    void anythingElseIsAPlainPassword(String value) {
        assertThat(Secret.parse(value)).isEqualTo(new PlainSecret(value));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SCRAM-SHA-256$4096:c2FsdA==|exactly two '$'",
                "SCRAM-SHA-256$x:c2FsdA==$a:b|iteration count is not a number",
                "SCRAM-SHA-256$0:c2FsdA==$"
                        + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=|must be positive",
                "SCRAM-SHA-256$4096$a:b|<iterations>:<salt>",
                "SCRAM-SHA-256$4096:c2FsdA==$ab|<StoredKey>:<ServerKey>",
                "SCRAM-SHA-256$4096:!!$a:b|salt is not valid base64",
                "SCRAM-SHA-256$4096:$a:b|salt is empty",
                "SCRAM-SHA-256$4096:c2FsdA==$c2hvcnQ=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=|StoredKey must be 32 bytes",
                "SCRAM-SHA-256$4096:c2FsdA==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:%%|ServerKey is not valid base64",
            })
    void malformedScramValueIsRefusedWithItsProblem(String value, String problem) {
        assertThatThrownBy(() -> Secret.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void toStringPrintsNoPasswordHashOrKey() {
        String hash = Md5.passwordHash("alice", "hunter2");
        ScramSecret scram = ScramSecret.parse(RFC_SECRET);

        assertThat(new PlainSecret("hunter2").toString()).doesNotContain("hunter2");
        assertThat(new Md5Secret(hash).toString()).doesNotContain(hash.substring(3));
        assertThat(scram.toString())
                .doesNotContain(Base64.getEncoder().encodeToString(scram.storedKey()))
                .doesNotContain(Base64.getEncoder().encodeToString(scram.serverKey()));
        assertThat(Scram.keys("pencil", scram.salt(), 1).toString()).doesNotContain("=");
    }

    @Test
    void scramSecretDoesNotShareItsArrays() {
        ScramSecret scram = ScramSecret.parse(RFC_SECRET);
        scram.storedKey()[0] ^= 1;
        scram.salt()[0] ^= 1;

        assertThat(scram.encode()).isEqualTo(RFC_SECRET);
    }
}
