package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** A statement finished. Layout: 'C', Int32 length, String tag (e.g. "SELECT 1", "SET"). */
public record CommandComplete(String tag) implements ServerMessage {
    public static final char TYPE = 'C';

    static CommandComplete decode(ByteBuf body) {
        String tag = Wire.readCString(body, "CommandComplete tag");
        Wire.expectEnd(body, "CommandComplete");
        return new CommandComplete(tag);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        Wire.writeCString(out, tag);
        Wire.end(out, at);
    }
}
