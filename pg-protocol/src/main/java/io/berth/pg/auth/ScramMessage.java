package io.berth.pg.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Reading and writing the attribute lists of SCRAM messages ({@code a=value,b=value}, RFC 5802
 * section 7), shared by both sides. Every parse failure is an {@link AuthenticationFailedException}
 * whose message names the SCRAM message and what is wrong with it; no value is echoed except
 * attribute names.
 */
final class ScramMessage {
    private static final SecureRandom RANDOM = SecureRandoms.create();

    private ScramMessage() {}

    /** Strict UTF-8: malformed bytes are an error, not U+FFFD. */
    static String text(byte[] message, String name) throws AuthenticationFailedException {
        if (message == null || message.length == 0) {
            throw malformed(name, "it is empty");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed(name, "it is not valid UTF-8");
        }
    }

    static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }

    /** The value of {@code part}, which must be {@code attribute=value}. */
    static String attribute(String part, char attribute, String name) throws AuthenticationFailedException {
        if (part.length() < 2 || part.charAt(0) != attribute || part.charAt(1) != '=') {
            throw malformed(name, "expected attribute '" + attribute + "='");
        }
        return part.substring(2);
    }

    /** An extension attribute: one ASCII letter, '=', a value. */
    static void checkExtension(String part, String name) throws AuthenticationFailedException {
        if (part.length() < 2 || !isAsciiLetter(part.charAt(0)) || part.charAt(1) != '=') {
            throw malformed(name, "an attribute is not of the form x=value");
        }
    }

    static byte[] base64(String value, String attribute, String name) throws AuthenticationFailedException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw malformed(name, "attribute '" + attribute + "' is not valid base64");
        }
    }

    /** RFC 5802 {@code printable}: %x21-2B / %x2D-7E, that is visible ASCII except ','. */
    static boolean isValidNonce(String nonce) {
        if (nonce.isEmpty()) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** {@value Scram#NONCE_BYTES} random bytes in base64, as PostgreSQL and libpq make them. */
    static String randomNonce() {
        byte[] raw = new byte[Scram.NONCE_BYTES];
        RANDOM.nextBytes(raw);
        return Scram.base64(raw);
    }

    /** RFC 5802 {@code saslname}: '=' becomes "=3D" and ',' becomes "=2C". */
    static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }

    static AuthenticationFailedException malformed(String name, String problem) {
        return new AuthenticationFailedException("malformed SCRAM " + name + ": " + problem);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
