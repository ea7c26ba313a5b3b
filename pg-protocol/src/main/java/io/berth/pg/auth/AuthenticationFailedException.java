package io.berth.pg.auth;

/**
 * An authentication exchange failed: a wrong password, a malformed SASL message, or a server that
 * could not prove it knows the secret. The message is safe to show to the client.
 */
public final class AuthenticationFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        super(message);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
