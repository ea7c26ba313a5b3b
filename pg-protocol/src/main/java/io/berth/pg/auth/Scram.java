package io.berth.pg.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM-SHA-256 functions of RFC 5802 section 3: PBKDF2 ({@code Hi}), HMAC, H, XOR, and the
 * constants shared by both sides of an exchange. Every method is a pure function.
 *
 * <p>PBKDF2 is our own loop over {@code HmacSHA256} rather than {@code SecretKeyFactory}, so that
 * the password goes in as the exact bytes {@link SaslPrep} chose (the JDK factory takes a {@code
 * char[]} and picks the encoding itself) and an empty password works: {@link SecretKeySpec}
 * refuses an empty key, and HMAC pads a short key with zeros to the block size, so the empty key
 * is replaced by the single byte {@code 0}, which HMAC treats identically.
 */
final class Scram {
    static final String MECHANISM = "SCRAM-SHA-256";
    static final String MECHANISM_PLUS = "SCRAM-SHA-256-PLUS";
    static final int KEY_LENGTH = 32;
    static final int DEFAULT_ITERATIONS = 4096;
    /** Bytes of randomness in a nonce; libpq and PostgreSQL use 18 (24 base64 characters). */
    static final int NONCE_BYTES = 18;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_KEY_EQUIVALENT = {0};

    private Scram() {}

    /** ClientKey, StoredKey and ServerKey for a password; runs PBKDF2, so it costs milliseconds. */
    static ScramKeys keys(String password, byte[] salt, int iterations) {
        byte[] saltedPassword = saltedPassword(SaslPrep.prepare(password), salt, iterations);
        byte[] clientKey = hmac(saltedPassword, CLIENT_KEY);
        byte[] serverKey = hmac(saltedPassword, SERVER_KEY);
        return new ScramKeys(clientKey, sha256(clientKey), serverKey);
    }

    /** {@code Hi(password, salt, i)}: PBKDF2-HMAC-SHA-256 with one 32-byte output block. */
    static byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be positive: " + iterations);
        }
        try {
            Mac mac = mac(password);
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1}); // INT(1): the first (and only) block
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 failed", e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        byte[] result = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            result[i] = (byte) (a[i] ^ b[i]);
        }
        return result;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? EMPTY_KEY_EQUIVALENT : key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
