package io.berth.jdbc;

/**
 * A username and password for opening new connections. {@link #toString()} never shows the
 * password.
 */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=<hidden>]";
    }
}
