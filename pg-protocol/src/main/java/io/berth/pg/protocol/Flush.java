package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** Asks the server to send what it has without ending anything. Layout: 'H', Int32 4. */
public record Flush() implements ClientMessage {
    public static final char TYPE = 'H';
    public static final Flush INSTANCE = new Flush();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4);
    }
}
