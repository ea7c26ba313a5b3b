package io.berth.proxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code key=value key='quoted value'} lists of {@code [databases]} and {@code [users]}, read as
 * PgBouncer's {@code cstr_get_pair} reads them: pairs separated by white space, a value either runs to the
 * next white space or is in single quotes with {@code ''} for a quote inside, and no value may be empty. Keys
 * are case-insensitive here (PgBouncer compares them exactly, so every file it reads reads the same).
 */
final class ConnString {
    private ConnString() {}

    /** The pairs in order, keys in lower case; throws {@link IllegalArgumentException} with the reason. */
    static List<Map.Entry<String, String>> parse(String text) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        int n = text.length();
        int i = skipSpace(text, 0);
        while (i < n) {
            int keyStart = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(keyStart, i);
            i = skipSpace(text, i);
            if (i >= n || text.charAt(i) != '=') {
                throw new IllegalArgumentException("expected key=value at \"" + text.substring(keyStart) + "\"");
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("missing key before '=' at \"" + text.substring(keyStart) + "\"");
            }
            i = skipSpace(text, i + 1);
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                int quoteStart = i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException(
                                "unterminated quote in " + key + "=" + text.substring(quoteStart));
                    }
                    char c = text.charAt(i++);
                    if (c == '\'') {
                        if (i < n && text.charAt(i) == '\'') {
                            i++;
                        } else {
                            break;
                        }
                    }
                    value.append(c);
                }
                if (i < n && !Character.isWhitespace(text.charAt(i))) {
                    throw new IllegalArgumentException("expected white space after the closing quote of " + key + "="
                            + text.substring(quoteStart));
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    value.append(text.charAt(i++));
                }
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty value for " + key);
            }
            pairs.add(Map.entry(key.toLowerCase(Locale.ROOT), value.toString()));
            i = skipSpace(text, i);
        }
        return pairs;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
