package io.berth.proxy.internal;

import io.berth.pg.protocol.ErrorResponse;
import io.berth.pg.protocol.ProtocolException;
import io.berth.pg.protocol.SqlState;
import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.PoolClosedException;
import io.berth.pool.PoolException;
import io.berth.pool.PoolRejectedException;
import io.berth.pool.PoolUnavailableException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.CompletionException;

/** Turns what went wrong into the ErrorResponse a client sees, with the SQLSTATE PostgreSQL would use. */
final class Errors {
    private Errors() {}

    /** Sends a FATAL error and closes the client's connection once it is written. */
    static void fatal(Channel ch, String sqlState, String message, String hint) {
        ch.writeAndFlush(ErrorResponse.of("FATAL", sqlState, message, hint)).addListener(ChannelFutureListener.CLOSE);
    }

    static void fatal(Channel ch, ErrorResponse error) {
        ch.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
    }

    static void protocolViolation(Channel ch, Throwable cause) {
        String sqlState = cause instanceof ProtocolException p ? p.sqlState() : SqlState.PROTOCOL_VIOLATION;
        fatal(ch, sqlState, "protocol violation: " + cause.getMessage(), null);
    }

    /** The error for a failed wait for a server connection of {@code pool}. */
    static ErrorResponse acquireFailed(PoolKey pool, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof AcquireTimeoutException) {
            return ErrorResponse.of(
                    "FATAL",
                    SqlState.PROTOCOL_VIOLATION,
                    "query_wait_timeout: no server connection of pool " + pool + " became free in time",
                    "raise pool_size or query_wait_timeout, or find who holds the connections (SHOW CLIENTS)");
        }
        if (e instanceof PoolUnavailableException u) {
            Throwable cause = u.getCause();
            if (cause instanceof ServerLoginException login && login.error() != null) {
                return login.error();
            }
            return ErrorResponse.of(
                    "FATAL",
                    SqlState.CONNECTION_FAILURE,
                    "server unavailable for pool " + pool + ": "
                            + (cause == null ? u.getMessage() : cause.getMessage()),
                    "Berth retries in the background (server_login_retry); check that PostgreSQL is up");
        }
        if (e instanceof PoolClosedException) {
            return ErrorResponse.of("FATAL", SqlState.ADMIN_SHUTDOWN, "pool " + pool + " is shutting down", null);
        }
        if (e instanceof PoolRejectedException || e instanceof PoolException) {
            return ErrorResponse.of("FATAL", SqlState.TOO_MANY_CONNECTIONS, e.getMessage(), null);
        }
        if (e instanceof ServerLoginException login && login.error() != null) {
            return login.error();
        }
        return ErrorResponse.of(
                "FATAL", SqlState.CONNECTION_FAILURE, "server unavailable for pool " + pool + ": " + e, null);
    }
}
