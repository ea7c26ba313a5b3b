package io.berth.proxy.internal;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Recognises the few SQL commands a pooler must see in a simple Query: {@code DISCARD ALL} and
 * {@code DEALLOCATE [PREPARE] {name | ALL}}, which drop prepared statements. Only a Query holding
 * that one command (leading comments and a trailing semicolon allowed) is recognised; anything
 * else is {@link Kind#OTHER}, and most queries are told apart by their first byte without decoding.
 */
final class SqlCommands {
    enum Kind {
        OTHER,
        DISCARD_ALL,
        DEALLOCATE_ALL,
        DEALLOCATE
    }

    /** @param name the statement a DEALLOCATE names, as PostgreSQL reads the identifier */
    record Command(Kind kind, String name) {
        static final Command OTHER = new Command(Kind.OTHER, null);
    }

    private SqlCommands() {}

    /** Classifies the query text in {@code buf[from, to)} (without its terminating zero). */
    static Command classify(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(buf.getByte(i))) {
            i++;
        }
        if (i == to) {
            return Command.OTHER;
        }
        byte first = buf.getByte(i);
        if (first != 'd' && first != 'D' && first != '-' && first != '/') {
            return Command.OTHER;
        }
        return classify(buf.toString(i, to - i, StandardCharsets.UTF_8));
    }

    static Command classify(String sql) {
        Tokens t = new Tokens(sql);
        String word = t.word();
        if ("discard".equals(word)) {
            return "all".equals(t.word()) && t.atEnd() ? new Command(Kind.DISCARD_ALL, null) : Command.OTHER;
        }
        if (!"deallocate".equals(word)) {
            return Command.OTHER;
        }
        int mark = t.at;
        String next = t.word();
        if (!"prepare".equals(next)) {
            t.at = mark;
        }
        if (t.peekQuote()) {
            String name = t.quoted();
            return name != null && t.atEnd() ? new Command(Kind.DEALLOCATE, name) : Command.OTHER;
        }
        String name = t.word();
        if (name == null || !t.atEnd()) {
            return Command.OTHER;
        }
        return "all".equals(name) ? new Command(Kind.DEALLOCATE_ALL, null) : new Command(Kind.DEALLOCATE, name);
    }

    /** A tiny SQL tokenizer: identifiers (folded to lower case), quoted identifiers, comments. */
    private static final class Tokens {
        final String s;
        int at;

        Tokens(String s) {
            this.s = s;
        }

        void skipSpaceAndComments() {
            while (at < s.length()) {
                char c = s.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                } else if (s.startsWith("--", at)) {
                    int nl = s.indexOf('\n', at);
                    at = nl < 0 ? s.length() : nl + 1;
                } else if (s.startsWith("/*", at)) {
                    int end = s.indexOf("*/", at + 2);
                    at = end < 0 ? s.length() : end + 2;
                } else {
                    return;
                }
            }
        }

        /** The next unquoted identifier in lower case, or null. */
        String word() {
            skipSpaceAndComments();
            int start = at;
            while (at < s.length()) {
                char c = s.charAt(at);
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
                    break;
                }
                at++;
            }
            return at == start ? null : s.substring(start, at).toLowerCase(Locale.ROOT);
        }

        boolean peekQuote() {
            skipSpaceAndComments();
            return at < s.length() && s.charAt(at) == '"';
        }

        /** A double-quoted identifier with {@code ""} for a quote, or null if it does not end. */
        String quoted() {
            StringBuilder b = new StringBuilder();
            at++;
            while (at < s.length()) {
                char c = s.charAt(at++);
                if (c == '"') {
                    if (at < s.length() && s.charAt(at) == '"') {
                        b.append('"');
                        at++;
                    } else {
                        return b.toString();
                    }
                } else {
                    b.append(c);
                }
            }
            return null;
        }

        /** Whether only spaces, comments and semicolons are left. */
        boolean atEnd() {
            skipSpaceAndComments();
            while (at < s.length() && s.charAt(at) == ';') {
                at++;
                skipSpaceAndComments();
            }
            return at == s.length();
        }
    }
}
