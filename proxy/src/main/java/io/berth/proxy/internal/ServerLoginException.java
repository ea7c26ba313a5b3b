package io.berth.proxy.internal;

import io.berth.pg.protocol.ErrorResponse;

/**
 * PostgreSQL refused a server login or the login could not finish. When the server said why, {@link
 * #error()} is its ErrorResponse, which the waiting client receives as is (a missing database keeps
 * its 3D000, a bad password its 28P01).
 */
public final class ServerLoginException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ErrorResponse error;

    public ServerLoginException(String message, ErrorResponse error) {
        super(message);
        this.error = error;
    }

    public ServerLoginException(String message, Throwable cause) {
        super(message, cause);
        this.error = null;
    }

    /** The server's own error, or {@code null} when the failure was Berth's or the network's. */
    public ErrorResponse error() {
        return error;
    }
}
