package io.berth.pg.auth;

import static io.berth.pg.auth.ScramMessage.malformed;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) without channel binding: the
 * proxy verifying a client against a {@link ScramSecret}. Only HMACs run here, no PBKDF2, so it is
 * fine on an event loop.
 *
 * <p>Flow: send AuthenticationSASL with {@link #mechanisms()}; pass the SASLInitialResponse to
 * {@link #serverFirst} and send the result in AuthenticationSASLContinue; pass the SASLResponse to
 * {@link #serverFinal} and send the result in AuthenticationSASLFinal, then AuthenticationOk. Any
 * {@link AuthenticationFailedException} ends the exchange: answer with an ErrorResponse (SQLSTATE
 * 28P01 for a wrong password, 08P01 for a malformed message).
 *
 * <p>Like PostgreSQL, it ignores the SCRAM username (the user is the one from the StartupMessage;
 * pgjdbc sends {@code n=*}, libpq {@code n=}), refuses an authorization identity, and accepts the
 * gs2 flags {@code n} and {@code y} ("y": the client could bind but believes the server cannot,
 * which is true here, since SCRAM-SHA-256-PLUS is never offered).
 *
 * <p>Not thread-safe: one exchange belongs to one connection, used by one thread at a time.
 */
public final class ScramServerExchange {
    private enum State {
        EXPECT_CLIENT_FIRST,
        EXPECT_CLIENT_FINAL,
        SUCCEEDED,
        FAILED
    }

    private final ScramSecret secret;
    private final String serverNonce;
    private State state = State.EXPECT_CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private byte[] clientKey;

    /** An exchange with a fresh random server nonce (18 bytes from {@link java.security.SecureRandom}). */
    public ScramServerExchange(ScramSecret secret) {
        this(secret, ScramMessage.randomNonce());
    }

    /** An exchange with a given server nonce, for test vectors. */
    ScramServerExchange(ScramSecret secret, String serverNonce) {
        this.secret = Objects.requireNonNull(secret, "secret");
        if (!ScramMessage.isValidNonce(serverNonce)) {
            throw new IllegalArgumentException("a nonce is visible ASCII without ','");
        }
        this.serverNonce = serverNonce;
    }

    /** The mechanisms to offer in AuthenticationSASL: {@code ["SCRAM-SHA-256"]}. */
    public static List<String> mechanisms() {
        return List.of(Scram.MECHANISM);
    }

    /**
     * Reads the client-first-message from SASLInitialResponse and returns the server-first-message
     * ({@code r=<nonce>,s=<salt>,i=<iterations>}).
     *
     * @throws AuthenticationFailedException for another mechanism, a request for channel binding, an
     *     authorization identity, an unsupported mandatory extension, or a malformed message
     */
    public byte[] serverFirst(String mechanism, byte[] clientFirst) throws AuthenticationFailedException {
        expect(State.EXPECT_CLIENT_FIRST, "serverFirst");
        state = State.FAILED; // until this step completes
        if (Scram.MECHANISM_PLUS.equals(mechanism)) {
            throw new AuthenticationFailedException(
                    "SASL mechanism SCRAM-SHA-256-PLUS (channel binding) is not supported; use SCRAM-SHA-256");
        }
        if (!Scram.MECHANISM.equals(mechanism)) {
            throw new AuthenticationFailedException(
                    "SASL mechanism " + quoted(mechanism) + " is not supported; use SCRAM-SHA-256");
        }
        String message = ScramMessage.text(clientFirst, "client-first-message");
        if (message.startsWith("p=") || message.startsWith("p,")) {
            throw new AuthenticationFailedException(
                    "the client requested SCRAM channel binding, which this server does not support without SCRAM-SHA-256-PLUS");
        }
        char flag = message.charAt(0);
        if ((flag != 'n' && flag != 'y') || message.length() < 2 || message.charAt(1) != ',') {
            throw malformed("client-first-message", "expected a gs2 header starting with \"n,\" or \"y,\"");
        }
        int headerEnd = message.indexOf(',', 2);
        if (headerEnd < 0) {
            throw malformed("client-first-message", "the gs2 header has no second ','");
        }
        if (headerEnd > 2) {
            if (message.startsWith("a=", 2)) {
                throw new AuthenticationFailedException("SCRAM authorization identity (a=) is not supported");
            }
            throw malformed("client-first-message", "unexpected text in the gs2 header");
        }
        String bare = message.substring(headerEnd + 1);
        String[] parts = bare.split(",", -1);
        if (parts[0].startsWith("m=")) {
            throw new AuthenticationFailedException("the client requires an unsupported SCRAM extension (m=)");
        }
        if (parts.length < 2) {
            throw malformed("client-first-message", "expected n=<user>,r=<nonce>");
        }
        ScramMessage.attribute(parts[0], 'n', "client-first-message"); // the user comes from the StartupMessage
        String clientNonce = ScramMessage.attribute(parts[1], 'r', "client-first-message");
        if (!ScramMessage.isValidNonce(clientNonce)) {
            throw malformed("client-first-message", "the nonce is empty or not printable ASCII");
        }
        for (int i = 2; i < parts.length; i++) {
            ScramMessage.checkExtension(parts[i], "client-first-message");
        }
        gs2Header = message.substring(0, headerEnd + 1);
        clientFirstBare = bare;
        nonce = clientNonce + serverNonce;
        serverFirst = "r=" + nonce + ",s=" + Scram.base64(secret.saltRef()) + ",i=" + secret.iterations();
        state = State.EXPECT_CLIENT_FINAL;
        return ScramMessage.bytes(serverFirst);
    }

    /**
     * Reads the client-final-message from SASLResponse, checks the channel-binding echo, the nonce
     * and the proof, and returns the server-final-message {@code v=<ServerSignature>}.
     *
     * @throws AuthenticationFailedException starting with "password authentication failed" when the
     *     proof is wrong; other messages for a malformed message or a wrong nonce or binding
     */
    public byte[] serverFinal(byte[] clientFinal) throws AuthenticationFailedException {
        expect(State.EXPECT_CLIENT_FINAL, "serverFinal");
        state = State.FAILED;
        String message = ScramMessage.text(clientFinal, "client-final-message");
        String[] parts = message.split(",", -1);
        if (parts.length < 3) {
            throw malformed("client-final-message", "expected c=<binding>,r=<nonce>,p=<proof>");
        }
        byte[] binding = ScramMessage.base64(
                ScramMessage.attribute(parts[0], 'c', "client-final-message"), "c", "client-final-message");
        if (!MessageDigest.isEqual(binding, ScramMessage.bytes(gs2Header))) {
            throw new AuthenticationFailedException(
                    "SCRAM channel binding check failed: c= does not repeat the gs2 header of the client-first-message");
        }
        String finalNonce = ScramMessage.attribute(parts[1], 'r', "client-final-message");
        if (!MessageDigest.isEqual(ScramMessage.bytes(finalNonce), ScramMessage.bytes(nonce))) {
            throw new AuthenticationFailedException("SCRAM nonce mismatch: the client-final-message has another nonce");
        }
        for (int i = 2; i < parts.length - 1; i++) {
            ScramMessage.checkExtension(parts[i], "client-final-message");
        }
        String proofPart = parts[parts.length - 1];
        byte[] proof = ScramMessage.base64(
                ScramMessage.attribute(proofPart, 'p', "client-final-message"), "p", "client-final-message");
        if (proof.length != Scram.KEY_LENGTH) {
            throw malformed("client-final-message", "the proof is not " + Scram.KEY_LENGTH + " bytes");
        }
        String withoutProof = message.substring(0, message.length() - proofPart.length() - 1);
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] candidateKey = Scram.xor(proof, Scram.hmac(secret.storedKeyRef(), authMessage));
        if (!MessageDigest.isEqual(Scram.sha256(candidateKey), secret.storedKeyRef())) {
            throw new AuthenticationFailedException("password authentication failed: the SCRAM proof is wrong");
        }
        clientKey = candidateKey;
        state = State.SUCCEEDED;
        return ScramMessage.bytes("v=" + Scram.base64(Scram.hmac(secret.serverKeyRef(), authMessage)));
    }

    /**
     * The client's ClientKey, recovered after a successful exchange as {@code ClientProof XOR
     * HMAC(StoredKey, AuthMessage)}. With it and the same secret, {@link
     * ScramClientExchange#withKeys} logs in to a PostgreSQL server holding that secret, as this
     * user, without the password.
     *
     * @throws IllegalStateException before {@link #serverFinal} succeeded
     */
    public byte[] clientKey() {
        if (state != State.SUCCEEDED) {
            throw new IllegalStateException("the ClientKey is known only after a successful exchange");
        }
        return clientKey.clone();
    }

    /** Whether {@link #serverFinal} verified the client. */
    public boolean succeeded() {
        return state == State.SUCCEEDED;
    }

    private void expect(State expected, String step) {
        if (state != expected) {
            throw new IllegalStateException(step + " called in state " + state);
        }
    }

    private static String quoted(String mechanism) {
        if (mechanism == null) {
            return "(none)";
        }
        return "\"" + (mechanism.length() > 64 ? mechanism.substring(0, 64) + "..." : mechanism) + "\"";
    }
}
