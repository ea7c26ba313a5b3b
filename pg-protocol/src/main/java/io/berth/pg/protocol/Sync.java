package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** Ends an extended-query cycle; the server answers with ReadyForQuery. Layout: 'S', Int32 4. */
public record Sync() implements ClientMessage {
    public static final char TYPE = 'S';
    public static final Sync INSTANCE = new Sync();

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4);
    }
}
