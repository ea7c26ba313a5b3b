package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the rows that follow. Berth writes these for its admin console (text columns of
 * type text or int8). Every field is kept, so a decoded RowDescription encodes back to the same
 * bytes (the format codes say how the client must read the rows). Layout: 'T', Int32 length, Int16
 * n, then per column: String name, Int32 table OID, Int16 column number, Int32 type OID, Int16 type
 * size, Int32 type modifier, Int16 format.
 */
public record RowDescription(List<Column> columns) implements ServerMessage {
    public static final char TYPE = 'T';
    public static final int TEXT = 25;
    public static final int INT8 = 20;

    public RowDescription {
        columns = List.copyOf(columns);
    }

    /**
     * A column. {@code tableOid} and {@code columnNumber} are 0 unless it is a table column, {@code
     * typeSize} is negative for variable-width types, {@code typeModifier} is -1 when there is none,
     * {@code format} is 0 for text and 1 for binary.
     */
    public record Column(
            String name, int tableOid, int columnNumber, int typeOid, int typeSize, int typeModifier, int format) {

        /** A text-format column that is not a table column. */
        public Column(String name, int typeOid) {
            this(name, 0, 0, typeOid, typeOid == INT8 ? 8 : -1, -1, 0);
        }
    }

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
            cols.add(new Column(
                    name,
                    body.readInt(),
                    body.readShort(),
                    body.readInt(),
                    body.readShort(),
                    body.readInt(),
                    body.readShort()));
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
            out.writeInt(c.tableOid()).writeShort(c.columnNumber()).writeInt(c.typeOid());
            out.writeShort(c.typeSize()).writeInt(c.typeModifier()).writeShort(c.format());
        }
        Wire.end(out, at);
    }
}
