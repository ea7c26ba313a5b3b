package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** Asks for a statement's or portal's description. Layout: 'D', Int32 length, Byte1 'S'|'P', String name. */
public record Describe(byte kind, String name) implements ClientMessage {
    public static final char TYPE = 'D';
    public static final byte STATEMENT = 'S';
    public static final byte PORTAL = 'P';

    static Describe decode(ByteBuf body) {
        byte kind = Wire.readByte(body, "Describe kind");
        if (kind != STATEMENT && kind != PORTAL) {
            throw new ProtocolException("Describe kind must be 'S' or 'P', not " + (kind & 0xff));
        }
        String name = Wire.readCString(body, "Describe name");
        Wire.expectEnd(body, "Describe");
        return new Describe(kind, name);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        out.writeByte(kind);
        Wire.writeCString(out, name);
        Wire.end(out, at);
    }
}
