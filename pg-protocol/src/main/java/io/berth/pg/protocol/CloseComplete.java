package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** A Close succeeded. Layout: '3', Int32 4. */
public record CloseComplete() implements ServerMessage {
    public static final char TYPE = '3';
    public static final CloseComplete INSTANCE = new CloseComplete();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4);
    }
}
