package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** A Bind succeeded. Layout: '2', Int32 4. */
public record BindComplete() implements ServerMessage {
    public static final char TYPE = '2';
    public static final BindComplete INSTANCE = new BindComplete();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4);
    }
}
