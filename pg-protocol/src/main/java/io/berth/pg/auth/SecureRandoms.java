package io.berth.pg.auth;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Where Berth gets unguessable bytes (nonces, salts, cancel keys). The JDK's default on Linux,
 * NativePRNG, reads {@code /dev/urandom} under a lock on every call, a system call per login; the
 * DRBG generator is seeded from the system once and then runs in process.
 */
public final class SecureRandoms {
    private SecureRandoms() {}

    /** A new DRBG-backed generator (or the platform default where DRBG is missing). */
    public static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
