package io.berth.pg.protocol;

import io.netty.handler.codec.DecoderException;

/**
 * The peer broke the protocol: a bad length, a missing field, an unknown message type. The message
 * says what was wrong; a proxy answers it with an ErrorResponse carrying {@link #sqlState()}.
 */
public final class ProtocolException extends DecoderException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public ProtocolException(String message) {
        this(SqlState.PROTOCOL_VIOLATION, message);
    }

    public ProtocolException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
