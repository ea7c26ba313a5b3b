package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** Runs a portal. Layout: 'E', Int32 length, String portal, Int32 max rows (0 = all). */
public record Execute(String portal, int maxRows) implements ClientMessage {
    public static final char TYPE = 'E';

    static Execute decode(ByteBuf body) {
        String portal = Wire.readCString(body, "Execute portal name");
        int maxRows = Wire.readInt(body, "Execute row limit");
        Wire.expectEnd(body, "Execute");
        return new Execute(portal, maxRows);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        Wire.writeCString(out, portal);
        out.writeInt(maxRows);
        Wire.end(out, at);
    }
}
