package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** A client asks to switch to TLS before its StartupMessage. Layout: Int32 8, Int32 80877103. */
public record SslRequest() implements ClientMessage {
    public static final int CODE = 80877103;
    public static final SslRequest INSTANCE = new SslRequest();

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8).writeInt(CODE);
    }
}
