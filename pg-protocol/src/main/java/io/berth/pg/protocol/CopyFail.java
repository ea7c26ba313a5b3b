package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** The client aborts a COPY FROM STDIN. Layout: 'f', Int32 length, String reason. */
public record CopyFail(String reason) implements ClientMessage {
    public static final char TYPE = 'f';

    static CopyFail decode(ByteBuf body) {
        String reason = Wire.readCString(body, "CopyFail reason");
        Wire.expectEnd(body, "CopyFail");
        return new CopyFail(reason);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        Wire.writeCString(out, reason);
        Wire.end(out, at);
    }
}
