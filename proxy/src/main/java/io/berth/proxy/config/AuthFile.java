package io.berth.proxy.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PgBouncer's {@code auth_file} ({@code userlist.txt}): one user a line, {@code "username" "secret"}, where
 * the secret is a plain-text password, {@code md5...} or {@code SCRAM-SHA-256$...}. A {@code ""} inside quotes
 * is one quote; text after the second field is ignored, as PgBouncer does; blank lines and lines starting with
 * {@code ;} (PgBouncer) or {@code #} (Berth) are skipped. A later line for the same user wins.
 */
public final class AuthFile {
    private AuthFile() {}

    /**
     * Reads the file into user name to secret, in file order.
     *
     * @throws ConfigException naming {@code file:line} for a malformed line, or the file when it cannot be read
     */
    public static Map<String, String> load(Path file) throws ConfigException {
        String text;
        try {
            text = IniParser.readText(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read auth_file " + file + ": " + describe(e), e);
        }
        return parse(text, file.toString());
    }

    /** Reads userlist text; {@code label} names it in error messages. */
    static Map<String, String> parse(String text, String label) throws ConfigException {
        Map<String, String> users = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            int[] pos = {0};
            String user = quoted(line, pos);
            if (user == null) {
                throw malformed(label, i + 1, "expected \"username\" \"secret\"");
            }
            int p = pos[0];
            while (p < line.length() && Character.isWhitespace(line.charAt(p))) {
                p++;
            }
            pos[0] = p;
            String secret = quoted(line, pos);
            if (secret == null) {
                throw malformed(
                        label,
                        i + 1,
                        "expected \"username\" \"secret\", found no quoted secret after " + "\"" + user + "\"");
            }
            if (user.isEmpty()) {
                throw malformed(label, i + 1, "the user name is empty");
            }
            users.put(user, secret);
        }
        return Collections.unmodifiableMap(users);
    }

    /** The quoted field starting at {@code pos[0]}, unescaped; advances {@code pos[0]} past it. */
    private static String quoted(String line, int[] pos) {
        int i = pos[0];
        if (i >= line.length() || line.charAt(i) != '"') {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c == '"') {
                if (i < line.length() && line.charAt(i) == '"') {
                    i++;
                } else {
                    pos[0] = i;
                    return sb.toString();
                }
            }
            sb.append(c);
        }
        return null;
    }

    private static ConfigException malformed(String label, int line, String what) {
        return new ConfigException(label + ":" + line + ": malformed auth_file line: " + what);
    }

    static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + " (" + e.getMessage() + ")";
    }
}
