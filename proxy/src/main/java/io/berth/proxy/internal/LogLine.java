package io.berth.proxy.internal;

import java.time.Instant;

/**
 * Formats one lifecycle event: {@code event=client.connect client=10.0.0.7:51234 db=app user=bob}
 * as text, or {@code {"ts":"...","level":"DEBUG","event":"client.connect","client":"..."}} as one
 * JSON object on one line. Pairs come as alternating keys and values; numbers and booleans stay
 * numbers and booleans in JSON, anything else is written as its {@code toString()}; a pair whose
 * value is null is left out.
 *
 * <p>In text, a value is written bare when it is made only of characters that cannot confuse a
 * reader (letters, digits, {@code . : / _ - @ # [ ] , + *}); otherwise it is quoted, with {@code "},
 * {@code \} and control characters escaped ({@code \n}, {@code \r}, {@code \t}, {@code \}{@code
 * uXXXX}), so one event is always one line and {@code key=} always starts a pair.
 */
final class LogLine {
    private LogLine() {}

    static String text(String event, Object... pairs) {
        StringBuilder out = new StringBuilder(96).append("event=");
        value(out, event);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            out.append(' ').append(pairs[i]).append('=');
            value(out, pairs[i + 1]);
        }
        return out.toString();
    }

    static String json(Instant ts, String level, String event, Object... pairs) {
        JsonWriter w = new JsonWriter()
                .beginObject()
                .field("ts", ts.toString())
                .field("level", level)
                .field("event", event);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            if (v == null) {
                continue;
            }
            w.name(String.valueOf(pairs[i]));
            if (v instanceof Boolean b) {
                w.value(b);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                w.value(((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                w.value(((Number) v).doubleValue());
            } else {
                w.value(v.toString());
            }
        }
        return w.endObject().toString();
    }

    private static void value(StringBuilder out, Object v) {
        String s = String.valueOf(v);
        if (!s.isEmpty() && s.chars().allMatch(LogLine::bare)) {
            out.append(s);
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean bare(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || ".:/_-@#[],+*".indexOf(c) >= 0;
    }
}
