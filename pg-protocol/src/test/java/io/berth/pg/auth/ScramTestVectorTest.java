package io.berth.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The SCRAM-SHA-256 example exchange of RFC 7677 section 3, from both sides. */
class ScramTestVectorTest {
    static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    @Test
    void clientSendsTheRfcMessages() throws Exception {
        ScramClientExchange client = ScramClientExchange.forTest("user", "pencil", CLIENT_NONCE, new ScramKeyCache());

        assertThat(text(client.clientFirst())).isEqualTo(CLIENT_FIRST);
        assertThat(text(client.clientFinal(bytes(SERVER_FIRST)))).isEqualTo(CLIENT_FINAL);
        assertThatCode(() -> client.verifyServerFinal(bytes(SERVER_FINAL))).doesNotThrowAnyException();
        assertThat(client.verified()).isTrue();
    }

    @Test
    void serverSendsTheRfcMessages() throws Exception {
        ScramServerExchange server = new ScramServerExchange(ScramSecret.derive("pencil", SALT, 4096), SERVER_NONCE);

        assertThat(text(server.serverFirst("SCRAM-SHA-256", bytes(CLIENT_FIRST))))
                .isEqualTo(SERVER_FIRST);
        assertThat(text(server.serverFinal(bytes(CLIENT_FINAL)))).isEqualTo(SERVER_FINAL);
        assertThat(server.succeeded()).isTrue();
    }

    @Test
    void recoveredClientKeyIsTheOneDerivedFromThePassword() throws Exception {
        ScramServerExchange server = new ScramServerExchange(ScramSecret.derive("pencil", SALT, 4096), SERVER_NONCE);
        server.serverFirst("SCRAM-SHA-256", bytes(CLIENT_FIRST));
        server.serverFinal(bytes(CLIENT_FINAL));

        assertThat(server.clientKey())
                .isEqualTo(Scram.keys("pencil", SALT, 4096).clientKey());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
