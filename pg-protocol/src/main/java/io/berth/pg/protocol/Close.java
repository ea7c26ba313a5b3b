package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** Closes a statement or portal. Layout: 'C', Int32 length, Byte1 'S'|'P', String name. */
public record Close(byte kind, String name) implements ClientMessage {
    public static final char TYPE = 'C';
    public static final byte STATEMENT = 'S';
    public static final byte PORTAL = 'P';

    static Close decode(ByteBuf body) {
        byte kind = Wire.readByte(body, "Close kind");
        if (kind != STATEMENT && kind != PORTAL) {
            throw new ProtocolException("Close kind must be 'S' or 'P', not " + (kind & 0xff));
        }
        String name = Wire.readCString(body, "Close name");
        Wire.expectEnd(body, "Close");
        return new Close(kind, name);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        out.writeByte(kind);
        Wire.writeCString(out, name);
        Wire.end(out, at);
    }
}
