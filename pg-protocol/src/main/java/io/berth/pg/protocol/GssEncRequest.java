package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** A client asks for GSSAPI encryption. Layout: Int32 8, Int32 80877104. */
public record GssEncRequest() implements ClientMessage {
    public static final int CODE = 80877104;
    public static final GssEncRequest INSTANCE = new GssEncRequest();

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8).writeInt(CODE);
    }
}
