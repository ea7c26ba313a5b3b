package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error ('E') or, with {@code notice} set, a notice ('N'). Layout: type, Int32 length, then
 * fields (Byte1 code, String value) ending with a zero byte. Codes: S severity, V severity (not
 * localised), C SQLSTATE, M message, D detail, H hint, and more.
 */
public record ErrorResponse(boolean notice, Map<Character, String> fields) implements ServerMessage {
    public static final char TYPE = 'E';
    public static final char NOTICE_TYPE = 'N';

    public ErrorResponse {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An ERROR with a SQLSTATE and message. */
    public static ErrorResponse error(String sqlState, String message) {
        return of("ERROR", sqlState, message, null);
    }

    /** A FATAL error: the server closes the connection after it. */
    public static ErrorResponse fatal(String sqlState, String message) {
        return of("FATAL", sqlState, message, null);
    }

    /** An error with a hint that says what to change. */
    public static ErrorResponse of(String severity, String sqlState, String message, String hint) {
        Map<Character, String> f = new LinkedHashMap<>();
        f.put('S', severity);
        f.put('V', severity);
        f.put('C', sqlState);
        f.put('M', message);
        if (hint != null) {
            f.put('H', hint);
        }
        return new ErrorResponse(false, f);
    }

    /** A NOTICE (or WARNING) message. */
    public static ErrorResponse notice(String severity, String message) {
        Map<Character, String> f = new LinkedHashMap<>();
        f.put('S', severity);
        f.put('V', severity);
        f.put('C', "00000");
        f.put('M', message);
        return new ErrorResponse(true, f);
    }

    static ErrorResponse decode(boolean notice, ByteBuf body) {
        Map<Character, String> f = new LinkedHashMap<>();
        while (true) {
            char code = (char) (Wire.readByte(body, "error field code") & 0xff);
            if (code == 0) {
                break;
            }
            f.put(code, Wire.readCString(body, "error field '" + code + "'"));
        }
        Wire.expectEnd(body, notice ? "NoticeResponse" : "ErrorResponse");
        return new ErrorResponse(notice, f);
    }

    public String severity() {
        return fields.getOrDefault('V', fields.get('S'));
    }

    public String sqlState() {
        return fields.get('C');
    }

    public String message() {
        return fields.get('M');
    }

    /** Whether the server ends the session after this error. */
    public boolean isFatal() {
        String s = severity();
        return "FATAL".equals(s) || "PANIC".equals(s);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, notice ? NOTICE_TYPE : TYPE);
        fields.forEach((k, v) -> {
            out.writeByte(k);
            Wire.writeCString(out, v);
        });
        out.writeByte(0);
        Wire.end(out, at);
    }
}
