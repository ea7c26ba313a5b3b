package io.berth.pg.auth;

import java.util.Objects;

/** A password kept in plain text. {@link #toString()} does not print it. */
public record PlainSecret(String password) implements Secret {

    public PlainSecret {
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "PlainSecret[password=<hidden>]";
    }
}
