package io.berth.proxy.internal;

import io.berth.pg.protocol.Parse;
import io.berth.pg.protocol.Passthrough;
import io.berth.pg.protocol.Query;
import io.netty.buffer.ByteBuf;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * Finds a client's W3C trace context ({@code traceparent}, version 00: {@code
 * 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}) where a PostgreSQL client can put it:
 *
 * <ul>
 *   <li>in application_name, alone or as {@code traceparent=...} among other words ({@code myapp
 *       traceparent=00-...-01});
 *   <li>in a SQL comment in the sqlcommenter manner ({@code select 1 /*traceparent='00-...-01'*&#47;}),
 *       leading or trailing, of a Query or a Parse.
 * </ul>
 *
 * <p>Cheap by construction: only the first and last {@link #WINDOW} bytes of a statement are looked
 * at, and nothing is allocated unless {@code traceparent=} is there. Anything malformed (wrong
 * length, not lower-case hex, an all-zero id, version ff) gives {@code null}.
 */
final class TraceParent {
    /** Bytes looked at from each end of a statement. */
    static final int WINDOW = 512;

    private static final String KEY = "traceparent=";
    /** "00-" + 32 + "-" + 16 + "-" + 2. */
    private static final int LENGTH = 55;

    private TraceParent() {}

    /** The trace context in an application_name, or {@code null}. */
    static SpanContext fromApplicationName(String name) {
        if (name == null || name.length() < LENGTH) {
            return null;
        }
        if (name.length() == LENGTH) {
            return parse(name, 0);
        }
        int at = name.indexOf(KEY);
        if (at < 0) {
            return null;
        }
        int from = at + KEY.length();
        if (from < name.length() && (name.charAt(from) == '\'' || name.charAt(from) == '"')) {
            from++;
        }
        return name.length() - from >= LENGTH ? parse(name, from) : null;
    }

    /** The trace context in a comment of a statement's text, or {@code null}. */
    static SpanContext fromSql(String sql) {
        if (sql == null) {
            return null;
        }
        int at = sql.indexOf(KEY);
        if (at < 0 || (at > WINDOW && at < sql.length() - WINDOW)) {
            return null;
        }
        int from = at + KEY.length();
        if (from < sql.length() && sql.charAt(from) == '\'') {
            from++;
        }
        return sql.length() - from >= LENGTH ? parse(sql, from) : null;
    }

    /**
     * The trace context in the first statement of a client message: a Query or Parse, decoded or as
     * the bytes that pass through; {@code null} for anything else.
     */
    static SpanContext fromMessage(Object msg) {
        if (msg instanceof Query q) {
            return fromSql(q.sql());
        } else if (msg instanceof Parse p) {
            return fromSql(p.query());
        } else if (msg instanceof Passthrough p) {
            return fromBytes(p.content());
        }
        return null;
    }

    /** The first message of a run of raw messages ('Q' or 'P'). */
    static SpanContext fromBytes(ByteBuf b) {
        int at = b.readerIndex();
        if (b.readableBytes() < 6) {
            return null;
        }
        byte type = b.getByte(at);
        int end = at + 1 + b.getInt(at + 1); // the message's end
        if (end > b.writerIndex()) {
            return null;
        }
        int sql = at + 5;
        if (type == 'P') {
            int nul = b.indexOf(sql, end, (byte) 0);
            if (nul < 0) {
                return null;
            }
            sql = nul + 1;
        } else if (type != 'Q') {
            return null;
        }
        int sqlEnd = b.indexOf(sql, end, (byte) 0);
        if (sqlEnd < 0) {
            return null;
        }
        SpanContext found = scan(b, sql, Math.min(sqlEnd, sql + WINDOW));
        if (found == null && sqlEnd - sql > WINDOW) {
            found = scan(b, Math.max(sql + WINDOW - KEY.length(), sqlEnd - WINDOW), sqlEnd);
        }
        return found;
    }

    /** Looks for {@code traceparent=} in bytes [from, to) and reads the value after it. */
    private static SpanContext scan(ByteBuf b, int from, int to) {
        int last = to - KEY.length();
        for (int i = from; i <= last; i++) {
            if (b.getByte(i) != 't' || !startsWithKey(b, i)) {
                continue;
            }
            int v = i + KEY.length();
            if (v < to && b.getByte(v) == '\'') {
                v++;
            }
            if (to - v < LENGTH) {
                return null;
            }
            return parse(b.toString(v, LENGTH, java.nio.charset.StandardCharsets.US_ASCII), 0);
        }
        return null;
    }

    private static boolean startsWithKey(ByteBuf b, int at) {
        for (int k = 0; k < KEY.length(); k++) {
            if (b.getByte(at + k) != KEY.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Reads a version-00 traceparent at {@code from}. */
    static SpanContext parse(String s, int from) {
        if (s.length() - from < LENGTH
                || s.charAt(from + 2) != '-'
                || s.charAt(from + 35) != '-'
                || s.charAt(from + 52) != '-'
                || !hex(s, from, from + 2)
                || s.startsWith("ff", from)
                || !hex(s, from + 3, from + 35)
                || !hex(s, from + 36, from + 52)
                || !hex(s, from + 53, from + 55)) {
            return null;
        }
        // A version above 00 may add fields after the flags; 00 must end there.
        if (s.startsWith("00", from) && s.length() > from + LENGTH && isHexOrDash(s.charAt(from + LENGTH))) {
            return null;
        }
        SpanContext c = SpanContext.createFromRemoteParent(
                s.substring(from + 3, from + 35),
                s.substring(from + 36, from + 52),
                TraceFlags.fromHex(s, from + 53),
                TraceState.getDefault());
        return c.isValid() ? c : null;
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexOrDash(char c) {
        return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
