package io.berth.pg.auth;

import static io.berth.pg.auth.ScramMessage.malformed;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The client side of one SCRAM-SHA-256 exchange without channel binding: the proxy logging in to
 * PostgreSQL, either with a password ({@link #withPassword}) or with keys recovered from a client's
 * proof ({@link #withKeys}).
 *
 * <p>Flow: on AuthenticationSASL listing SCRAM-SHA-256, send SASLInitialResponse with {@link
 * #clientFirst()}; on AuthenticationSASLContinue, pass its data to {@link #clientFinal} and send the
 * result in SASLResponse; on AuthenticationSASLFinal, pass its data to {@link #verifyServerFinal}.
 * With a password, {@code clientFinal} may run PBKDF2 (through the {@link ScramKeyCache}), which
 * must not happen on an event loop: ask {@link #needsDerivation} first and, when it says true, call
 * {@code clientFinal} on a blocking executor (or warm the cache with {@link ScramKeyCache#derive}).
 *
 * <p>The SCRAM username is sent empty, as libpq does: PostgreSQL takes the user from the
 * StartupMessage. Not thread-safe: one exchange belongs to one connection.
 */
public final class ScramClientExchange {
    private static final String GS2_HEADER = "n,,";
    private static final String CHANNEL_BINDING = "c=" + Scram.base64(ScramMessage.bytes(GS2_HEADER)); // "c=biws"

    private final String user;
    private final String clientNonce;
    private final String password;
    private final ScramKeyCache cache;
    private final byte[] clientKey;
    private final ScramSecret secret;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean verified;

    private ScramClientExchange(
            String user,
            String clientNonce,
            String password,
            ScramKeyCache cache,
            byte[] clientKey,
            ScramSecret secret) {
        this.user = user;
        this.clientNonce = clientNonce;
        this.password = password;
        this.cache = cache;
        this.clientKey = clientKey;
        this.secret = secret;
    }

    /** Logs in with a password; PBKDF2 results come from (and go to) {@code cache}. */
    public static ScramClientExchange withPassword(String password, ScramKeyCache cache) {
        return forTest("", password, ScramMessage.randomNonce(), cache);
    }

    /** A password exchange with a given SCRAM username and client nonce, for test vectors. */
    static ScramClientExchange forTest(String user, String password, String clientNonce, ScramKeyCache cache) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(cache, "cache");
        if (!ScramMessage.isValidNonce(clientNonce)) {
            throw new IllegalArgumentException("a nonce is visible ASCII without ','");
        }
        return new ScramClientExchange(user, clientNonce, password, cache, null, null);
    }

    /**
     * Logs in with a ClientKey recovered from a client's proof ({@link
     * ScramServerExchange#clientKey()}) and the user's stored secret (for the ServerKey, salt and
     * iterations). This works only when the server holds the same secret: when its salt or
     * iteration count differ, {@link #clientFinal} fails and says how to fix it.
     *
     * @throws IllegalArgumentException when {@code clientKey} does not belong to {@code secret}
     */
    public static ScramClientExchange withKeys(byte[] clientKey, ScramSecret secret) {
        Objects.requireNonNull(secret, "secret");
        if (clientKey.length != Scram.KEY_LENGTH
                || !MessageDigest.isEqual(Scram.sha256(clientKey), secret.storedKeyRef())) {
            throw new IllegalArgumentException("this ClientKey does not match the secret's StoredKey");
        }
        return new ScramClientExchange("", ScramMessage.randomNonce(), null, null, clientKey.clone(), secret);
    }

    /** The client-first-message for SASLInitialResponse: {@code n,,n=,r=<nonce>}. */
    public byte[] clientFirst() {
        clientFirstBare = "n=" + ScramMessage.saslName(user) + ",r=" + clientNonce;
        return ScramMessage.bytes(GS2_HEADER + clientFirstBare);
    }

    /**
     * Whether {@link #clientFinal} would run PBKDF2 for this server-first-message: true only for a
     * password exchange whose (salt, iterations) are not in the cache yet. False for a malformed
     * message ({@code clientFinal} then fails at once).
     */
    public boolean needsDerivation(byte[] serverFirst) {
        if (password == null) {
            return false;
        }
        try {
            ServerFirst first = parse(serverFirst);
            return cache.getIfPresent(password, first.salt, first.iterations) == null;
        } catch (AuthenticationFailedException e) {
            return false;
        }
    }

    /**
     * Reads the server-first-message from AuthenticationSASLContinue and returns the
     * client-final-message for SASLResponse. With a password it may run PBKDF2: see {@link
     * #needsDerivation}.
     *
     * @throws AuthenticationFailedException for a malformed message, a nonce that does not extend
     *     ours, or (with keys) a server whose salt or iteration count differ from the secret's
     */
    public byte[] clientFinal(byte[] serverFirst) throws AuthenticationFailedException {
        if (clientFirstBare == null) {
            throw new IllegalStateException("clientFinal called before clientFirst");
        }
        if (expectedServerSignature != null) {
            throw new IllegalStateException("clientFinal called twice");
        }
        ServerFirst first = parse(serverFirst);
        byte[] ourClientKey;
        byte[] serverKey;
        if (password != null) {
            ScramKeys keys = cache.deriveNow(password, first.salt, first.iterations);
            ourClientKey = keys.clientKey();
            serverKey = keys.serverKey();
        } else {
            if (first.iterations != secret.iterations() || !Arrays.equals(first.salt, secret.saltRef())) {
                throw new AuthenticationFailedException("the server's SCRAM secret for this user differs from the"
                        + " proxy's (server: " + first.iterations + " iterations, salt " + Scram.base64(first.salt)
                        + "; proxy: " + secret.iterations() + " iterations, salt " + Scram.base64(secret.saltRef())
                        + "), so the client's proof cannot be reused to log in: put the server's secret"
                        + " (SELECT rolpassword FROM pg_authid) in auth_file, or give the proxy the plain password");
            }
            ourClientKey = clientKey;
            serverKey = secret.serverKeyRef();
        }
        String withoutProof = CHANNEL_BINDING + ",r=" + first.nonce;
        String authMessage = clientFirstBare + "," + first.message + "," + withoutProof;
        byte[] proof = Scram.xor(ourClientKey, Scram.hmac(Scram.sha256(ourClientKey), authMessage));
        expectedServerSignature = Scram.hmac(serverKey, authMessage);
        return ScramMessage.bytes(withoutProof + ",p=" + Scram.base64(proof));
    }

    /**
     * Checks the server-final-message from AuthenticationSASLFinal: the server must prove it knows
     * the secret.
     *
     * @throws AuthenticationFailedException when the server sent {@code e=<error>} or a wrong
     *     signature
     */
    public void verifyServerFinal(byte[] serverFinal) throws AuthenticationFailedException {
        if (expectedServerSignature == null) {
            throw new IllegalStateException("verifyServerFinal called before clientFinal");
        }
        String message = ScramMessage.text(serverFinal, "server-final-message");
        String first = message.split(",", -1)[0];
        if (first.startsWith("e=")) {
            throw new AuthenticationFailedException("the server refused SCRAM authentication: " + first.substring(2));
        }
        byte[] signature = ScramMessage.base64(
                ScramMessage.attribute(first, 'v', "server-final-message"), "v", "server-final-message");
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new AuthenticationFailedException(
                    "the server's SCRAM signature is wrong: it does not know this user's secret");
        }
        verified = true;
    }

    /** Whether {@link #verifyServerFinal} accepted the server. */
    public boolean verified() {
        return verified;
    }

    private ServerFirst parse(byte[] serverFirst) throws AuthenticationFailedException {
        String name = "server-first-message";
        String message = ScramMessage.text(serverFirst, name);
        String[] parts = message.split(",", -1);
        if (parts[0].startsWith("m=")) {
            throw new AuthenticationFailedException("the server requires an unsupported SCRAM extension (m=)");
        }
        if (parts.length < 3) {
            throw malformed(name, "expected r=<nonce>,s=<salt>,i=<iterations>");
        }
        String nonce = ScramMessage.attribute(parts[0], 'r', name);
        if (!ScramMessage.isValidNonce(nonce)) {
            throw malformed(name, "the nonce is not printable ASCII");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new AuthenticationFailedException("SCRAM nonce mismatch: the server's nonce does not extend ours");
        }
        byte[] salt = ScramMessage.base64(ScramMessage.attribute(parts[1], 's', name), "s", name);
        if (salt.length == 0) {
            throw malformed(name, "the salt is empty");
        }
        String iterationText = ScramMessage.attribute(parts[2], 'i', name);
        int iterations;
        try {
            iterations = Integer.parseInt(iterationText);
        } catch (NumberFormatException e) {
            throw malformed(name, "the iteration count is not a number");
        }
        if (iterations < 1) {
            throw malformed(name, "the iteration count is not positive");
        }
        for (int i = 3; i < parts.length; i++) {
            ScramMessage.checkExtension(parts[i], name);
        }
        return new ServerFirst(message, nonce, salt, iterations);
    }

    private record ServerFirst(String message, String nonce, byte[] salt, int iterations) {}
}
