package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the rows that follow. Berth writes these for its admin console (text columns of
 * type text or int8) and reads only the names back. Layout: 'T', Int32 length, Int16 n, then per
 * column: String name, Int32 table OID, Int16 column number, Int32 type OID, Int16 type size,
 * Int32 type modifier, Int16 format.
 */
public record RowDescription(List<Column> columns) implements ServerMessage {
    public static final char TYPE = 'T';
    public static final int TEXT = 25;
    public static final int INT8 = 20;

    public RowDescription {
        columns = List.copyOf(columns);
    }

    /** A column: its name and type OID. */
    public record Column(String name, int typeOid) {}

    /** Columns of type text with these names. */
    public static RowDescription ofText(List<String> names) {
        return new RowDescription(names.stream().map(n -> new Column(n, TEXT)).toList());
    }

    static RowDescription decode(ByteBuf body) {
        int n = Wire.readShort(body, "RowDescription column count") & 0xffff;
        List<Column> cols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = Wire.readCString(body, "column name");
            if (body.readableBytes() < 18) {
                throw new ProtocolException("RowDescription column \"" + name + "\" is cut short");
            }
            body.skipBytes(6);
            int type = body.readInt();
            body.skipBytes(8);
            cols.add(new Column(name, type));
        }
        Wire.expectEnd(body, "RowDescription");
        return new RowDescription(cols);
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        out.writeShort(columns.size());
        for (Column c : columns) {
            Wire.writeCString(out, c.name());
            out.writeInt(0).writeShort(0).writeInt(c.typeOid());
            out.writeShort(c.typeOid() == INT8 ? 8 : -1).writeInt(-1).writeShort(0);
        }
        Wire.end(out, at);
    }
}
