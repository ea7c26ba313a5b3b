package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** A simple-protocol query, possibly several statements. Layout: 'Q', Int32 length, String sql. */
public record Query(String sql) implements ClientMessage {
    public static final char TYPE = 'Q';

    static Query decode(ByteBuf body) {
        String sql = Wire.readCString(body, "Query text");
        Wire.expectEnd(body, "Query");
        return new Query(sql);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        Wire.writeCString(out, sql);
        Wire.end(out, at);
    }
}
