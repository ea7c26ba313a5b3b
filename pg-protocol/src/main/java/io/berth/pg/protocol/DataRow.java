package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of text values ({@code null} for SQL NULL). The proxy forwards server rows without
 * decoding them; this type is for rows Berth writes itself (the admin console) and for tests.
 * Layout: 'D', Int32 length, Int16 n, then per value Int32 length (-1 = NULL) and bytes.
 *
 * <p>A row with a value that is not well-formed UTF-8 (a binary-format value, such as pgjdbc asks
 * for once a statement is server-prepared) is decoded as a {@link Passthrough} holding its bytes,
 * since a String would not give them back.
 */
public record DataRow(List<String> values) implements ServerMessage {
    public static final char TYPE = 'D';

    public DataRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    static ServerMessage decode(ByteBuf body) {
        ByteBuf whole = body.duplicate();
        boolean text = true;
        int n = Wire.readShort(body, "DataRow column count") & 0xffff;
        List<String> vals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = Wire.readInt(body, "DataRow value length");
            if (len == -1) {
                vals.add(null);
                continue;
            }
            if (len < 0 || len > body.readableBytes()) {
                throw new ProtocolException(
                        "DataRow value " + i + " declares " + len + " bytes but " + body.readableBytes() + " remain");
            }
            text = text && ByteBufUtil.isText(body, body.readerIndex(), len, StandardCharsets.UTF_8);
            if (text) {
                vals.add(body.readCharSequence(len, StandardCharsets.UTF_8).toString());
            } else {
                body.skipBytes(len);
            }
        }
        Wire.expectEnd(body, "DataRow");
        return text ? new DataRow(vals) : ClientMessages.opaque((byte) TYPE, whole);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        out.writeShort(values.size());
        for (String v : values) {
            if (v == null) {
                out.writeInt(-1);
            } else {
                int lenAt = out.writerIndex();
                out.writeInt(0);
                int n = out.writeCharSequence(v, StandardCharsets.UTF_8);
                out.setInt(lenAt, n);
            }
        }
        Wire.end(out, at);
    }
}
