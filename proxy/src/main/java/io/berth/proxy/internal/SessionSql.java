package io.berth.proxy.internal;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client's SQL does to its session, as far as transaction pooling must know: a SET or RESET
 * of a setting (to be followed to other server connections), or a feature that lives on one server
 * connection (LISTEN, a session advisory lock, a temporary table, a WITH HOLD cursor, SQL PREPARE).
 * Looks at every statement of a query ({@link #classifyAll}); most queries are one statement, told
 * apart by their first byte without decoding.
 */
final class SessionSql {
    enum Kind {
        NONE,
        /** SET or RESET of {@link Effect#name()}. */
        SETTING,
        /** RESET ALL or DISCARD ALL: every followed setting. */
        RESET_ALL,
        /** A session-only feature, {@link Effect#name()} says which. */
        SESSION_FEATURE
    }

    record Effect(Kind kind, String name) {
        static final Effect NONE = new Effect(Kind.NONE, null);
    }

    private static final byte[] ADVISORY = "advisory_lock".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SET = Pattern.compile(
            "(?is)set\\s+(?:(session)\\s+|(local)\\s+)?(time\\s+zone|session\\s+authorization|\"[^\"]+\"|[a-z_][a-z0-9_.$]*)(?=[\\s=;]|$).*");
    private static final Pattern RESET = Pattern.compile("(?is)reset\\s+(\"[^\"]+\"|[a-z_][a-z0-9_.$]*)\\s*;?\\s*");
    private static final Pattern TEMP_TABLE =
            Pattern.compile("(?is)create\\s+(?:(?:global|local)\\s+)?temp(?:orary)?\\s+(?:table|sequence|view)\\b.*");
    private static final Pattern ON_COMMIT_DROP = Pattern.compile("(?is).*\\bon\\s+commit\\s+drop\\b.*");
    private static final Pattern WITH_HOLD = Pattern.compile("(?is)declare\\b.*\\bwith\\s+hold\\b.*");
    private static final Pattern SQL_PREPARE = Pattern.compile("(?is)prepare\\s+(?!transaction\\b)[a-z_\"].*");
    private static final Pattern LISTEN = Pattern.compile("(?is)listen\\s+.*");

    private SessionSql() {}

    /**
     * The effects of every statement in {@code buf[from, to)}, in order, leaving out those with none:
     * {@code SELECT 1; SET search_path = a; LISTEN x} gives the SET and the LISTEN. A query of one
     * statement (a trailing semicolon allowed) is classified without being split.
     */
    static List<Effect> classifyAll(ByteBuf buf, int from, int to) {
        int semi = buf.indexOf(from, to, (byte) ';');
        if (semi < 0 || blank(buf, semi + 1, to)) {
            Effect e = classify(buf, from, to);
            return e.kind() == Kind.NONE ? List.of() : List.of(e);
        }
        List<Effect> out = new ArrayList<>(2);
        for (String statement : split(buf.toString(from, to - from, StandardCharsets.UTF_8))) {
            Effect e = classify(statement);
            if (e.kind() != Kind.NONE) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean blank(ByteBuf buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(buf.getByte(i)) && buf.getByte(i) != ';') {
                return false;
            }
        }
        return true;
    }

    /**
     * The statements of a query, split at semicolons that are not inside a string ({@code '...'},
     * {@code E'...'} with backslash escapes), a quoted name, a comment ({@code --}, nested
     * {@code /* *}{@code /}) or a dollar-quoted body ({@code $tag$...$tag$}). Blank statements are
     * left out.
     */
    static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                i = endOfQuoted(sql, i + 1, '\'', escapes);
            } else if (c == '"') {
                i = endOfQuoted(sql, i + 1, '"', false);
            } else if (c == '-' && sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                i = endOfComment(sql, i + 2);
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? n : end + tag.length();
            } else if (c == ';') {
                addStatement(out, sql.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        addStatement(out, sql.substring(start));
        return out;
    }

    private static void addStatement(List<String> out, String statement) {
        if (!statement.isBlank()) {
            out.add(statement);
        }
    }

    /** The index after the closing quote ({@code ''} or {@code ""} doubled inside), or the end. */
    private static int endOfQuoted(String sql, int i, char quote, boolean escapes) {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static int endOfComment(String sql, int i) {
        int depth = 1;
        int n = sql.length();
        while (i < n && depth > 0) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
            } else {
                i++;
            }
        }
        return i;
    }

    /** {@code $tag$} or {@code $$} starting at {@code i}, or null ({@code $1} is a parameter). */
    private static String dollarTag(String sql, int i) {
        if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
            return null;
        }
        int j = i + 1;
        while (j < sql.length()
                && (Character.isLetter(sql.charAt(j))
                        || sql.charAt(j) == '_'
                        || (j > i + 1 && Character.isDigit(sql.charAt(j))))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }

    /** Classifies the first statement of the query text in {@code buf[from, to)}. */
    static Effect classify(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(buf.getByte(i))) {
            i++;
        }
        if (i == to) {
            return Effect.NONE;
        }
        int b = lower(buf.getByte(i));
        boolean maybe = b == 'r' || b == 'l' || b == 'p' || b == 'c' || b == 'd' || b == '/' || b == '-';
        if (b == 's' && i + 3 < to) {
            maybe = lower(buf.getByte(i + 1)) == 'e'
                    && lower(buf.getByte(i + 2)) == 't'
                    && Character.isWhitespace(buf.getByte(i + 3));
        }
        if (maybe) {
            Effect e = classify(buf.toString(i, to - i, StandardCharsets.UTF_8));
            if (e.kind() != Kind.NONE) {
                return e;
            }
        }
        return contains(buf, i, to, ADVISORY)
                ? new Effect(Kind.SESSION_FEATURE, "a session advisory lock")
                : Effect.NONE;
    }

    static Effect classify(String sql) {
        String s = stripLeadingComments(sql);
        Matcher m = SET.matcher(s);
        if (m.matches()) {
            if (m.group(2) != null) {
                return Effect.NONE;
            }
            String name = name(m.group(3));
            return switch (name) {
                case "transaction", "constraints" -> Effect.NONE;
                default -> new Effect(Kind.SETTING, name);
            };
        }
        m = RESET.matcher(s);
        if (m.matches()) {
            String name = name(m.group(1));
            return name.equals("all") ? new Effect(Kind.RESET_ALL, null) : new Effect(Kind.SETTING, name);
        }
        if (SqlCommands.classify(s).kind() == SqlCommands.Kind.DISCARD_ALL) {
            return new Effect(Kind.RESET_ALL, null);
        }
        if (LISTEN.matcher(s).matches()) {
            return new Effect(Kind.SESSION_FEATURE, "LISTEN");
        }
        if (SQL_PREPARE.matcher(s).matches()) {
            return new Effect(Kind.SESSION_FEATURE, "PREPARE (SQL prepared statements)");
        }
        if (WITH_HOLD.matcher(s).matches()) {
            return new Effect(Kind.SESSION_FEATURE, "a WITH HOLD cursor");
        }
        if (TEMP_TABLE.matcher(s).matches() && !ON_COMMIT_DROP.matcher(s).matches()) {
            return new Effect(Kind.SESSION_FEATURE, "a temporary table");
        }
        if (s.toLowerCase(Locale.ROOT).contains("advisory_lock")) {
            return new Effect(Kind.SESSION_FEATURE, "a session advisory lock");
        }
        return Effect.NONE;
    }

    /** The setting a SET or RESET names, as PostgreSQL spells it in lower case. */
    private static String name(String raw) {
        String n = raw.startsWith("\"") ? raw.substring(1, raw.length() - 1) : raw.toLowerCase(Locale.ROOT);
        n = n.replaceAll("\\s+", " ");
        return switch (n) {
            case "time zone" -> "timezone";
            case "schema" -> "search_path";
            case "names" -> "client_encoding";
            case "session authorization" -> "session_authorization";
            default -> n;
        };
    }

    private static String stripLeadingComments(String s) {
        int i = 0;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
            } else if (s.startsWith("--", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else {
                break;
            }
        }
        return s.substring(i);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static boolean contains(ByteBuf buf, int from, int to, byte[] needle) {
        int last = to - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (lower(buf.getByte(i)) != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (lower(buf.getByte(i + j)) != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
