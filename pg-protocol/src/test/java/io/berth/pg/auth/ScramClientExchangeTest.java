package io.berth.pg.auth;

import static io.berth.pg.auth.ScramTestVectorTest.bytes;
import static io.berth.pg.auth.ScramTestVectorTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramClientExchangeTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final byte[] SALT = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private static final ScramSecret SECRET = ScramSecret.derive(PASSWORD, SALT, 4096);

    @Test
    void sendsAnEmptyUserAndANonceOfTwentyFourCharacters() {
        String first = text(
                ScramClientExchange.withPassword(PASSWORD, new ScramKeyCache()).clientFirst());

        assertThat(first).matches("n,,n=,r=[A-Za-z0-9+/]{24}");
    }

    @Test
    void needsDerivationOnlyUntilTheCacheHoldsTheKeys() throws Exception {
        ScramKeyCache cache = new ScramKeyCache();
        ScramClientExchange client = ScramClientExchange.withPassword(PASSWORD, cache);
        ScramServerExchange server = new ScramServerExchange(SECRET);
        byte[] serverFirst = server.serverFirst("SCRAM-SHA-256", client.clientFirst());

        assertThat(client.needsDerivation(serverFirst)).isTrue();
        cache.deriveNow(PASSWORD, SALT, 4096);
        assertThat(client.needsDerivation(serverFirst)).isFalse();
        client.verifyServerFinal(server.serverFinal(client.clientFinal(serverFirst)));
        assertThat(client.verified()).isTrue();
        assertThat(cache.derivations()).isEqualTo(1);
    }

    @Test
    void refusesAServerThatDoesNotKnowTheSecret() throws Exception {
        ScramClientExchange client = ScramClientExchange.withPassword(PASSWORD, new ScramKeyCache());
        ScramServerExchange impostor = new ScramServerExchange(ScramSecret.derive("other", SALT, 4096));
        byte[] serverFirst = impostor.serverFirst("SCRAM-SHA-256", client.clientFirst());
        client.clientFinal(serverFirst);

        assertThatThrownBy(() -> client.verifyServerFinal(
                        bytes("v=" + Base64.getEncoder().encodeToString(new byte[32]))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("signature is wrong");
        assertThat(client.verified()).isFalse();
    }

    @Test
    void serverErrorIsReportedWithItsValue() throws Exception {
        ScramClientExchange client = ScramClientExchange.withPassword(PASSWORD, new ScramKeyCache());
        byte[] serverFirst = new ScramServerExchange(SECRET).serverFirst("SCRAM-SHA-256", client.clientFirst());
        client.clientFinal(serverFirst);

        assertThatThrownBy(() -> client.verifyServerFinal(bytes("e=invalid-proof")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("invalid-proof");
    }

    @Test
    void refusesAServerNonceThatDoesNotExtendOurs() {
        ScramClientExchange client = ScramClientExchange.withPassword(PASSWORD, new ScramKeyCache());
        client.clientFirst();

        assertThatThrownBy(() -> client.clientFinal(bytes("r=someoneelse,s=c2FsdA==,i=4096")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("nonce mismatch");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "r=NONCEx",
                "r=NONCEx,s=c2FsdA==",
                "r=NONCEx,s=!!,i=4096",
                "r=NONCEx,s=,i=4096",
                "r=NONCEx,s=c2FsdA==,i=many",
                "r=NONCEx,s=c2FsdA==,i=0",
                "s=c2FsdA==,r=NONCEx,i=4096",
                "m=ext,r=NONCEx,s=c2FsdA==,i=4096",
            })
    void malformedServerFirstIsRefused(String template) {
        ScramClientExchange client = ScramClientExchange.forTest("", PASSWORD, "NONCE", new ScramKeyCache());
        client.clientFirst();
        byte[] serverFirst = bytes(template);

        assertThat(client.needsDerivation(serverFirst)).isFalse();
        assertThatThrownBy(() -> client.clientFinal(serverFirst))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("SCRAM");
    }

    @Test
    void stepsOutOfOrderAreAProgrammingError() {
        ScramClientExchange client = ScramClientExchange.withPassword(PASSWORD, new ScramKeyCache());

        assertThatThrownBy(() -> client.clientFinal(bytes("r=x,s=c2FsdA==,i=1")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> client.verifyServerFinal(bytes("v=AAAA"))).isInstanceOf(IllegalStateException.class);
    }
}
