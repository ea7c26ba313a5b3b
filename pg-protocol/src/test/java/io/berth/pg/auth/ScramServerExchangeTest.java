package io.berth.pg.auth;

import static io.berth.pg.auth.ScramTestVectorTest.bytes;
import static io.berth.pg.auth.ScramTestVectorTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramInvalidServerSignatureException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our server side against pgjdbc's SCRAM client (com.ongres.scram), an independent implementation. */
class ScramServerExchangeTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final byte[] SALT = Base64.getDecoder().decode("c2FsdHNhbHRzYWx0c2FsdA==");
    private static final ScramSecret SECRET = ScramSecret.derive(PASSWORD, SALT, 4096);

    @Test
    void offersOnlyScramSha256WithoutChannelBinding() {
        assertThat(ScramServerExchange.mechanisms()).containsExactly("SCRAM-SHA-256");
    }

    @Test
    void pgjdbcClientWithTheRightPasswordIsAcceptedAndAcceptsUs() throws Exception {
        ScramClient client = pgjdbcClient(PASSWORD);
        ScramServerExchange server = new ScramServerExchange(SECRET);

        byte[] serverFirst = server.serverFirst(
                "SCRAM-SHA-256", bytes(client.clientFirstMessage().toString()));
        client.serverFirstMessage(text(serverFirst));
        byte[] serverFinal =
                server.serverFinal(bytes(client.clientFinalMessage().toString()));
        client.serverFinalMessage(text(serverFinal)); // throws when our signature is wrong

        assertThat(server.succeeded()).isTrue();
        assertThat(text(serverFirst)).contains(",s=c2FsdHNhbHRzYWx0c2FsdA==,i=4096");
    }

    @Test
    void pgjdbcClientWithAWrongPasswordIsRefused() throws Exception {
        ScramClient client = pgjdbcClient("wrong horse");
        ScramServerExchange server = new ScramServerExchange(SECRET);
        client.serverFirstMessage(text(server.serverFirst(
                "SCRAM-SHA-256", bytes(client.clientFirstMessage().toString()))));

        assertThatThrownBy(() ->
                        server.serverFinal(bytes(client.clientFinalMessage().toString())))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageStartingWith("password authentication failed");
        assertThat(server.succeeded()).isFalse();
        assertThatThrownBy(server::clientKey).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recoveredClientKeyIsTheRealClientKey() throws Exception {
        ScramServerExchange server = completedExchange(PASSWORD);

        byte[] salted = ScramFunctions.saltedPassword(
                ScramMechanism.SCRAM_SHA_256,
                StringPreparation.POSTGRESQL_PREPARATION,
                PASSWORD.toCharArray(),
                SALT,
                4096);
        assertThat(server.clientKey()).isEqualTo(ScramFunctions.clientKey(ScramMechanism.SCRAM_SHA_256, salted));
    }

    @Test
    void recoveredClientKeyLogsInToAServerWithTheSameSecret() throws Exception {
        byte[] clientKey = completedExchange(PASSWORD).clientKey();
        ScramClientExchange client = ScramClientExchange.withKeys(clientKey, SECRET);
        ScramServerExchange otherServer = new ScramServerExchange(SECRET);

        byte[] serverFirst = otherServer.serverFirst("SCRAM-SHA-256", client.clientFirst());
        assertThat(client.needsDerivation(serverFirst)).isFalse();
        byte[] serverFinal = otherServer.serverFinal(client.clientFinal(serverFirst));
        client.verifyServerFinal(serverFinal);

        assertThat(otherServer.succeeded()).isTrue();
        assertThat(client.verified()).isTrue();
    }

    @Test
    void recoveredClientKeyAgainstAnotherSaltSaysHowToFixIt() throws Exception {
        byte[] clientKey = completedExchange(PASSWORD).clientKey();
        ScramClientExchange client = ScramClientExchange.withKeys(clientKey, SECRET);
        ScramServerExchange serverWithOtherSalt =
                new ScramServerExchange(ScramSecret.derive(PASSWORD, new byte[] {1, 2, 3, 4}, 4096));
        byte[] serverFirst = serverWithOtherSalt.serverFirst("SCRAM-SHA-256", client.clientFirst());

        assertThatThrownBy(() -> client.clientFinal(serverFirst))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("differs from the proxy's")
                .hasMessageContaining("auth_file")
                .hasMessageContaining("plain password");
    }

    @Test
    void withKeysRefusesAClientKeyOfAnotherSecret() {
        assertThatThrownBy(() -> ScramClientExchange.withKeys(new byte[32], SECRET))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tamperedNonceIsRefused() throws Exception {
        ScramClient client = pgjdbcClient(PASSWORD);
        ScramServerExchange server = new ScramServerExchange(SECRET);
        String serverFirst = text(server.serverFirst(
                "SCRAM-SHA-256", bytes(client.clientFirstMessage().toString())));
        client.serverFirstMessage(serverFirst);
        String clientFinal = client.clientFinalMessage().toString();
        String nonce = serverFirst.substring(2, serverFirst.indexOf(','));

        assertThatThrownBy(() -> server.serverFinal(bytes(clientFinal.replace(nonce, nonce + "x"))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("nonce mismatch");
    }

    @Test
    void clientThatCouldBindButAssumesWeCannotIsAccepted() throws Exception {
        ScramClient client = ScramClient.builder()
                .advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username("*")
                .password(PASSWORD.toCharArray())
                .channelBinding("tls-server-end-point", new byte[] {1, 2, 3})
                .build();
        ScramServerExchange server = new ScramServerExchange(SECRET);
        String clientFirst = client.clientFirstMessage().toString();

        client.serverFirstMessage(text(server.serverFirst("SCRAM-SHA-256", bytes(clientFirst))));
        client.serverFinalMessage(
                text(server.serverFinal(bytes(client.clientFinalMessage().toString()))));

        assertThat(clientFirst).startsWith("y,,");
        assertThat(server.succeeded()).isTrue();
    }

    @Test
    void channelBindingRequestIsRefused() {
        assertThatThrownBy(() -> new ScramServerExchange(SECRET)
                        .serverFirst("SCRAM-SHA-256", bytes("p=tls-server-end-point,,n=*,r=abcdef")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("channel binding");
        assertThatThrownBy(() -> new ScramServerExchange(SECRET)
                        .serverFirst("SCRAM-SHA-256-PLUS", bytes("p=tls-server-end-point,,n=*,r=abcdef")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("SCRAM-SHA-256-PLUS");
    }

    @Test
    void unknownMechanismIsRefused() {
        assertThatThrownBy(() -> new ScramServerExchange(SECRET).serverFirst("PLAIN", bytes("n,,n=*,r=abcdef")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("\"PLAIN\" is not supported");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "hello",
                "n,,",
                "n,,r=abc",
                "n,,n=*",
                "n,,n=*,r=",
                "n,,n=*,r=a b",
                "x,,n=*,r=abc",
                "n,a=admin,n=*,r=abc",
                "n,junk,n=*,r=abc",
                "n,,m=ext,n=*,r=abc",
                "n,,n=*,r=abc,garbage",
            })
    void malformedClientFirstIsRefused(String clientFirst) {
        assertThatThrownBy(() -> new ScramServerExchange(SECRET).serverFirst("SCRAM-SHA-256", bytes(clientFirst)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("SCRAM");
    }

    @Test
    void clientFirstThatIsNotUtf8IsRefused() {
        assertThatThrownBy(() -> new ScramServerExchange(SECRET)
                        .serverFirst("SCRAM-SHA-256", new byte[] {'n', ',', ',', (byte) 0xFF, (byte) 0xFE}))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("UTF-8");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "c=biws",
                "c=biws,r=NONCE",
                "c=eSws,r=NONCE,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "c=!!!!,r=NONCE,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "r=NONCE,c=biws,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "c=biws,r=NONCE,p=not base64",
                "c=biws,r=NONCE,p=AAAA",
                "c=biws,r=NONCE,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            })
    void malformedClientFinalIsRefused(String template) throws Exception {
        ScramServerExchange server = new ScramServerExchange(SECRET, "servernonce");
        server.serverFirst("SCRAM-SHA-256", bytes("n,,n=*,r=clientnonce"));

        assertThatThrownBy(() -> server.serverFinal(bytes(template.replace("NONCE", "clientnonceservernonce"))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("SCRAM");
    }

    @Test
    void stepsOutOfOrderAreAProgrammingError() throws Exception {
        ScramServerExchange server = new ScramServerExchange(SECRET);
        assertThatThrownBy(() -> server.serverFinal(bytes("c=biws"))).isInstanceOf(IllegalStateException.class);

        server.serverFirst("SCRAM-SHA-256", bytes("n,,n=*,r=abc"));
        assertThatThrownBy(() -> server.serverFirst("SCRAM-SHA-256", bytes("n,,n=*,r=abc")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pgjdbcServerSignatureCheckWouldCatchAWrongServerKey() throws Exception {
        ScramClient client = pgjdbcClient(PASSWORD);
        ScramSecret wrongServerKey = new ScramSecret(4096, SALT, SECRET.storedKey(), new byte[32]);
        ScramServerExchange server = new ScramServerExchange(wrongServerKey);
        client.serverFirstMessage(text(server.serverFirst(
                "SCRAM-SHA-256", bytes(client.clientFirstMessage().toString()))));
        byte[] serverFinal =
                server.serverFinal(bytes(client.clientFinalMessage().toString()));

        assertThatThrownBy(() -> client.serverFinalMessage(text(serverFinal)))
                .isInstanceOf(ScramInvalidServerSignatureException.class);
    }

    private static ScramServerExchange completedExchange(String password) throws Exception {
        ScramClient client = pgjdbcClient(password);
        ScramServerExchange server = new ScramServerExchange(SECRET);
        client.serverFirstMessage(text(server.serverFirst(
                "SCRAM-SHA-256", bytes(client.clientFirstMessage().toString()))));
        client.serverFinalMessage(
                text(server.serverFinal(bytes(client.clientFinalMessage().toString()))));
        return server;
    }

    /** As pgjdbc builds it: user "*", PostgreSQL's SASLprep. */
    private static ScramClient pgjdbcClient(String password) {
        return ScramClient.builder()
                .advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username("*")
                .password(password.toCharArray())
                .stringPreparation(StringPreparation.POSTGRESQL_PREPARATION)
                .build();
    }
}
