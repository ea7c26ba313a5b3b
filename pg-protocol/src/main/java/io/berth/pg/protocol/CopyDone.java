package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** The end of a COPY stream, from either side. Layout: 'c', Int32 4. */
public record CopyDone() implements ClientMessage, ServerMessage {
    public static final char TYPE = 'c';
    public static final CopyDone INSTANCE = new CopyDone();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4);
    }
}
