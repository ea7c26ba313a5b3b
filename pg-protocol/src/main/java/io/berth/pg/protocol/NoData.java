package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** The described statement returns no rows. Layout: 'n', Int32 4. */
public record NoData() implements ServerMessage {
    public static final char TYPE = 'n';
    public static final NoData INSTANCE = new NoData();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4);
    }
}
