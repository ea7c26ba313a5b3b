package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Prepares a statement. Layout: 'P', Int32 length, String name ("" = unnamed), String query, Int16
 * n, n x Int32 parameter type OIDs (0 = unspecified).
 */
public record Parse(String name, String query, int[] parameterTypes) implements ClientMessage {
    public static final char TYPE = 'P';

    public Parse {
        parameterTypes = parameterTypes.clone();
    }

    static Parse decode(ByteBuf body) {
        String name = Wire.readCString(body, "Parse statement name");
        String query = Wire.readCString(body, "Parse query");
        int n = Wire.readShort(body, "Parse parameter count") & 0xffff;
        if (body.readableBytes() != n * 4) {
            throw new ProtocolException(
                    "Parse declares " + n + " parameter types but carries " + body.readableBytes() + " bytes for them");
        }
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = body.readInt();
        }
        return new Parse(name, query, types);
    }

    @Override
    public int[] parameterTypes() {
        return parameterTypes.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        Wire.writeCString(out, name);
        Wire.writeCString(out, query);
        out.writeShort(parameterTypes.length);
        for (int t : parameterTypes) {
            out.writeInt(t);
        }
        Wire.end(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parse p
                && p.name.equals(name)
                && p.query.equals(query)
                && Arrays.equals(p.parameterTypes, parameterTypes);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + query.hashCode()) * 31 + Arrays.hashCode(parameterTypes);
    }

    @Override
    public String toString() {
        return "Parse[name=" + name + ", query=" + query + ", types=" + Arrays.toString(parameterTypes) + "]";
    }
}
