package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Binds parameters to a prepared statement, making a portal. The proxy needs only the two names; the
 * parameter formats, values and result formats are kept as the bytes they came in.
 *
 * <p>Layout: 'B', Int32 length, String portal, String statement, then formats, values and result
 * formats ({@link #rest()}).
 */
public record Bind(String portal, String statement, byte[] rest) implements ClientMessage {
    public static final char TYPE = 'B';

    public Bind {
        rest = rest.clone();
    }

    static Bind decode(ByteBuf body) {
        String portal = Wire.readCString(body, "Bind portal name");
        String statement = Wire.readCString(body, "Bind statement name");
        return new Bind(portal, statement, Wire.readRest(body));
    }

    @Override
    public byte[] rest() {
        return rest.clone();
    }

    /** The same Bind aimed at another statement name. */
    public Bind withStatement(String name) {
        return new Bind(portal, name, rest);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        Wire.writeCString(out, portal);
        Wire.writeCString(out, statement);
        out.writeBytes(rest);
        Wire.end(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bind b
                && b.portal.equals(portal)
                && b.statement.equals(statement)
                && Arrays.equals(b.rest, rest);
    }

    @Override
    public int hashCode() {
        return portal.hashCode() * 31 + statement.hashCode();
    }

    @Override
    public String toString() {
        return "Bind[portal=" + portal + ", statement=" + statement + ", " + rest.length + " bytes]";
    }
}
