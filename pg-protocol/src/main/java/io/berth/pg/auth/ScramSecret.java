package io.berth.pg.auth;

import java.util.Arrays;
import java.util.Base64;

/**
 * A SCRAM-SHA-256 secret as PostgreSQL stores it: {@code
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64). It lets a server verify a
 * client's proof and prove itself with two HMACs, without the password and without PBKDF2.
 * Immutable; arrays are copied in and out; {@link #toString()} prints no key.
 */
public final class ScramSecret implements Secret {
    static final String PREFIX = "SCRAM-SHA-256$";

    private final int iterations;
    private final byte[] salt;
    private final byte[] storedKey;
    private final byte[] serverKey;

    /**
     * @throws IllegalArgumentException when iterations is not positive, the salt is empty, or a key
     *     is not 32 bytes
     */
    public ScramSecret(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be positive, got " + iterations);
        }
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM salt is empty");
        }
        checkKey("StoredKey", storedKey.length);
        checkKey("ServerKey", serverKey.length);
        this.iterations = iterations;
        this.salt = salt.clone();
        this.storedKey = storedKey.clone();
        this.serverKey = serverKey.clone();
    }

    /**
     * Parses {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the keys)
     */
    public static ScramSecret parse(String stored) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a SCRAM secret starts with \"" + PREFIX + "\"");
        }
        String rest = stored.substring(PREFIX.length());
        int dollar = rest.indexOf('$');
        if (dollar < 0 || rest.indexOf('$', dollar + 1) >= 0) {
            throw new IllegalArgumentException(
                    "a SCRAM secret is SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>; expected exactly two '$'");
        }
        String[] iterSalt = rest.substring(0, dollar).split(":", -1);
        String[] keys = rest.substring(dollar + 1).split(":", -1);
        if (iterSalt.length != 2) {
            throw new IllegalArgumentException("SCRAM secret: expected <iterations>:<salt> after \"" + PREFIX + "\"");
        }
        if (keys.length != 2) {
            throw new IllegalArgumentException("SCRAM secret: expected <StoredKey>:<ServerKey> after the second '$'");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterSalt[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "SCRAM secret: iteration count is not a number: \"" + iterSalt[0] + "\"");
        }
        byte[] salt = decode("salt", iterSalt[1]);
        return new ScramSecret(iterations, salt, decode("StoredKey", keys[0]), decode("ServerKey", keys[1]));
    }

    /**
     * Derives the secret for a password (PBKDF2: milliseconds of CPU, so not on an event loop). Gives
     * the same value PostgreSQL stores for that password, salt and iteration count.
     */
    public static ScramSecret derive(String password, byte[] salt, int iterations) {
        return of(Scram.keys(password, salt, iterations), salt, iterations);
    }

    static ScramSecret of(ScramKeys keys, byte[] salt, int iterations) {
        return new ScramSecret(iterations, salt, keys.storedKey(), keys.serverKey());
    }

    /** The value for {@code userlist.txt} or {@code pg_authid}, the inverse of {@link #parse}. */
    public String encode() {
        return PREFIX + iterations + ":" + Scram.base64(salt) + "$" + Scram.base64(storedKey) + ":"
                + Scram.base64(serverKey);
    }

    public int iterations() {
        return iterations;
    }

    public byte[] salt() {
        return salt.clone();
    }

    public byte[] storedKey() {
        return storedKey.clone();
    }

    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** For exchanges in this package: no copy. */
    byte[] storedKeyRef() {
        return storedKey;
    }

    byte[] serverKeyRef() {
        return serverKey;
    }

    byte[] saltRef() {
        return salt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramSecret other
                && iterations == other.iterations
                && Arrays.equals(salt, other.salt)
                && Arrays.equals(storedKey, other.storedKey)
                && Arrays.equals(serverKey, other.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "ScramSecret[iterations=" + iterations + ", keys=<hidden>]";
    }

    private static void checkKey(String name, int length) {
        if (length != Scram.KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "SCRAM secret: " + name + " must be " + Scram.KEY_LENGTH + " bytes, got " + length);
        }
    }

    private static byte[] decode(String name, String base64) {
        if (base64.isEmpty()) {
            throw new IllegalArgumentException("SCRAM secret: " + name + " is empty");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SCRAM secret: " + name + " is not valid base64");
        }
    }
}
