package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** The client is leaving. Layout: 'X', Int32 4. */
public record Terminate() implements ClientMessage {
    public static final char TYPE = 'X';
    public static final Terminate INSTANCE = new Terminate();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4);
    }
}
