package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The server starts a COPY: CopyInResponse ('G', client streams), CopyOutResponse ('H', server
 * streams) or CopyBothResponse ('W', replication). Layout: type, Int32 length, Int8 overall format,
 * Int16 n, n x Int16 column formats.
 */
public record CopyResponse(byte type, byte format, short[] columnFormats) implements ServerMessage {
    public static final char IN = 'G';
    public static final char OUT = 'H';
    public static final char BOTH = 'W';

    public CopyResponse {
        columnFormats = columnFormats.clone();
    }

    static CopyResponse decode(byte type, ByteBuf body) {
        byte format = Wire.readByte(body, "copy format");
        int n = Wire.readShort(body, "copy column count") & 0xffff;
        if (body.readableBytes() != n * 2) {
            throw new ProtocolException(
                    "copy response declares " + n + " columns but carries " + body.readableBytes() + " bytes for them");
        }
        short[] f = new short[n];
        for (int i = 0; i < n; i++) {
            f[i] = body.readShort();
        }
        return new CopyResponse(type, format, f);
    }

    @Override
    public short[] columnFormats() {
        return columnFormats.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type).writeInt(4 + 1 + 2 + 2 * columnFormats.length).writeByte(format);
        out.writeShort(columnFormats.length);
        for (short s : columnFormats) {
            out.writeShort(s);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyResponse c
                && c.type == type
                && c.format == format
                && Arrays.equals(c.columnFormats, columnFormats);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(columnFormats);
    }

    @Override
    public String toString() {
        return "CopyResponse[" + (char) type + ", " + columnFormats.length + " columns]";
    }
}
