package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** A chunk of a COPY stream, from either side. Layout: 'd', Int32 length, bytes. */
public record CopyData(byte[] data) implements ClientMessage, ServerMessage {
    public static final char TYPE = 'd';

    public CopyData {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4 + data.length).writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyData c && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CopyData[" + data.length + " bytes]";
    }
}
