package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** The query string was empty. Layout: 'I', Int32 4. */
public record EmptyQueryResponse() implements ServerMessage {
    public static final char TYPE = 'I';
    public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4);
    }
}
