package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** A Parse succeeded. Layout: '1', Int32 4. */
public record ParseComplete() implements ServerMessage {
    public static final char TYPE = '1';
    public static final ParseComplete INSTANCE = new ParseComplete();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4);
    }
}
