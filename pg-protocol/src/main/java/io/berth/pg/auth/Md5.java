package io.berth.pg.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * PostgreSQL's md5 authentication (AuthenticationMD5Password, R 5). The stored hash is {@code "md5"
 * + hex(md5(password + user))}; for each login the server sends a random 4-byte salt and the client
 * answers {@code "md5" + hex(md5(hex-part-of-hash + salt))}. Knowing the stored hash is enough to
 * answer, which is how a proxy with only md5 hashes logs in to an md5 server. Strings are UTF-8,
 * as PostgreSQL sees them with a UTF-8 client encoding.
 */
public final class Md5 {
    private static final HexFormat HEX = HexFormat.of();

    private Md5() {}

    /** The stored hash: {@code "md5" + hex(md5(password + user))}. */
    public static String passwordHash(String user, String password) {
        return "md5" + HEX.formatHex(md5((password + user).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * What the client sends in its PasswordMessage (without the terminating zero): {@code "md5" +
     * hex(md5(hex-part-of-hash + salt))}.
     *
     * @throws IllegalArgumentException when {@code md5Hash} is not {@code "md5"} and 32 hex digits,
     *     or the salt is not 4 bytes
     */
    public static String response(String md5Hash, byte[] salt) {
        if (!Md5Secret.isMd5Hash(md5Hash)) {
            throw new IllegalArgumentException(
                    "not an md5 password hash (\"md5\" followed by 32 lowercase hex digits)");
        }
        if (salt.length != 4) {
            throw new IllegalArgumentException("the md5 salt is 4 bytes, got " + salt.length);
        }
        byte[] hex = md5Hash.substring(3).getBytes(StandardCharsets.US_ASCII);
        byte[] input = new byte[hex.length + salt.length];
        System.arraycopy(hex, 0, input, 0, hex.length);
        System.arraycopy(salt, 0, input, hex.length, salt.length);
        return "md5" + HEX.formatHex(md5(input));
    }

    /** Whether a client's answer to {@code salt} matches the stored hash; compares in constant time. */
    public static boolean verify(String md5Hash, byte[] salt, String clientResponse) {
        if (clientResponse == null) {
            return false;
        }
        byte[] expected = response(md5Hash, salt).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, clientResponse.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] md5(byte[] input) {
        try {
            return MessageDigest.getInstance("MD5").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }
}
