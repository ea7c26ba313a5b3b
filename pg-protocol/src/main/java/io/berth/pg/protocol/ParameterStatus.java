package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** The server reports a setting's value. Layout: 'S', Int32 length, String name, String value. */
public record ParameterStatus(String name, String value) implements ServerMessage {
    public static final char TYPE = 'S';

    static ParameterStatus decode(ByteBuf body) {
        String name = Wire.readCString(body, "ParameterStatus name");
        String value = Wire.readCString(body, "ParameterStatus value");
        Wire.expectEnd(body, "ParameterStatus");
        return new ParameterStatus(name, value);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        Wire.writeCString(out, name);
        Wire.writeCString(out, value);
        Wire.end(out, at);
    }
}
