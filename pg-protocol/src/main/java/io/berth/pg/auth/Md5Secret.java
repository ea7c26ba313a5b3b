package io.berth.pg.auth;

import java.util.Objects;

/**
 * PostgreSQL's md5 password hash, {@code "md5" + hex(md5(password + user))}. It is as good as the
 * password for md5 authentication, so {@link #toString()} does not print it either.
 */
public record Md5Secret(String hash) implements Secret {

    public Md5Secret {
        Objects.requireNonNull(hash, "hash");
        if (!isMd5Hash(hash)) {
            throw new IllegalArgumentException("an md5 secret is \"md5\" followed by 32 lowercase hex digits");
        }
    }

    /** The secret for {@code user} with {@code password}. */
    public static Md5Secret of(String user, String password) {
        return new Md5Secret(Md5.passwordHash(user, password));
    }

    @Override
    public String toString() {
        return "Md5Secret[hash=<hidden>]";
    }

    /** PostgreSQL's test: exactly 35 characters, {@code md5} and 32 of {@code 0-9a-f}. */
    static boolean isMd5Hash(String s) {
        if (s.length() != 35 || !s.startsWith("md5")) {
            return false;
        }
        for (int i = 3; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
