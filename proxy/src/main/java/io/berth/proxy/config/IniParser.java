package io.berth.proxy.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code pgbouncer.ini} line by line as libusual's {@code parse_ini_file} does: leading white space is
 * skipped; {@code %include file}; {@code ;} or {@code #} starts a comment line (only at the start of a line);
 * {@code [section]}; otherwise {@code key = value}, where the value is the rest of the line with trailing white
 * space removed. A key is letters, digits and {@code _ . - *}, or quoted: {@code 'name'} as libusual, or
 * {@code "name"} with {@code ""} for a quote as PgBouncer's documentation says. The current section carries
 * into and out of included files, as in PgBouncer.
 */
final class IniParser {
    /** PgBouncer's limit ({@code MAX_INCLUDE}). */
    static final int MAX_INCLUDE_DEPTH = 10;

    private final ProxyConfigBuilder builder = ProxyConfig.custom();
    private final Deque<Path> including = new ArrayDeque<>();
    private String section;
    private String sectionAsWritten;
    private boolean sawMainSection;

    private IniParser() {}

    static ProxyConfig load(Path file) throws ConfigException {
        IniParser p = new IniParser();
        String text;
        Path real;
        try {
            real = file.toRealPath();
            text = readText(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + AuthFile.describe(e), e);
        }
        p.including.push(real);
        p.builder.source(file);
        p.read(text, file.toString(), file.toAbsolutePath().getParent(), 0);
        return p.finish(file.toString());
    }

    static ProxyConfig parse(String text, Path baseDir) throws ConfigException {
        IniParser p = new IniParser();
        p.read(text, "<text>", baseDir, 0);
        return p.finish("<text>");
    }

    /** Text of a file: UTF-8, or byte for byte (Latin-1) when it is not valid UTF-8, so nothing is lost. */
    static String readText(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private ProxyConfig finish(String label) throws ConfigException {
        if (!sawMainSection) {
            throw new ConfigException(label + ": no [pgbouncer] section: PgBouncer needs one, and so does Berth"
                    + " (which also accepts [berth])");
        }
        try {
            return builder.build();
        } catch (InvalidSettingException e) {
            String where = builder.locationOf(e.key());
            throw new ConfigException((where != null ? where : label) + ": " + e.getMessage(), e);
        }
    }

    private void read(String text, String label, Path dir, int depth) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = label + ":" + (i + 1);
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("%include") && line.length() > 8 && isBlank(line.charAt(8))) {
                include(line.substring(9).strip(), where, dir, depth);
            } else if (line.startsWith(";") || line.startsWith("#")) {
                continue;
            } else if (line.startsWith("[")) {
                section(line, where);
            } else {
                entry(line, where, dir);
            }
        }
    }

    private void include(String name, String where, Path dir, int depth) throws ConfigException {
        if (name.isEmpty()) {
            throw new ConfigException(where + ": %include needs a file name");
        }
        if (depth + 1 > MAX_INCLUDE_DEPTH) {
            throw new ConfigException(
                    where + ": %include " + name + " nests deeper than " + MAX_INCLUDE_DEPTH + " files (a cycle?)");
        }
        Path file = dir == null ? Path.of(name) : dir.resolve(name);
        Path real;
        String text;
        try {
            real = file.toRealPath();
            if (including.contains(real)) {
                List<String> chain = new ArrayList<>();
                including.descendingIterator().forEachRemaining(p -> chain.add(p.toString()));
                chain.add(real.toString());
                throw new ConfigException(
                        where + ": %include " + name + " would include itself: " + String.join(" -> ", chain));
            }
            text = readText(file);
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot read %include file " + file + ": " + AuthFile.describe(e), e);
        }
        including.push(real);
        read(text, file.toString(), file.toAbsolutePath().getParent(), depth + 1);
        including.pop();
    }

    private void section(String line, String where) throws ConfigException {
        int end = line.indexOf(']');
        if (end < 0) {
            throw new ConfigException(where + ": syntax error: section header without ']'");
        }
        String rest = line.substring(end + 1).strip();
        if (!rest.isEmpty() && !rest.startsWith(";") && !rest.startsWith("#")) {
            throw new ConfigException(where + ": syntax error: text after the section header: " + rest);
        }
        sectionAsWritten = line.substring(1, end).strip();
        section = sectionAsWritten.toLowerCase(Locale.ROOT);
        switch (section) {
            case "pgbouncer", "berth" -> sawMainSection = true;
            case "databases", "users" -> {}
            case "peers" ->
                builder.warn(where + ": [peers] is not supported by Berth (cancel forwarding between PgBouncer"
                        + " processes), its entries are ignored");
            default ->
                throw new ConfigException(where + ": unknown section [" + sectionAsWritten
                        + "]: must be one of [databases], [users], [peers], [pgbouncer] (or [berth])");
        }
    }

    private void entry(String line, String where, Path dir) throws ConfigException {
        int[] pos = {0};
        String key = key(line, pos, where);
        int i = pos[0];
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        if (i >= line.length() || line.charAt(i) != '=') {
            throw new ConfigException(where + ": syntax error: expected key = value"
                    + (key.isEmpty() ? "" : ", found no '=' after \"" + key + "\"")
                    + "; a name with characters other than letters, digits, _ . - * must be quoted");
        }
        String value = line.substring(i + 1).strip();
        if (section == null) {
            throw new ConfigException(
                    where + ": \"" + key + "\" is outside any section: put it under [pgbouncer] or [databases]");
        }
        try {
            switch (section) {
                case "pgbouncer", "berth" -> setting(key, value, where, dir);
                case "databases" -> {
                    builder.database(DatabaseConfig.parse(key, value, w -> builder.warn(where + ": " + w)));
                    builder.located("[databases] " + key, where);
                }
                case "users" -> {
                    builder.user(UserConfig.parse(key, value, w -> builder.warn(where + ": " + w)));
                    builder.located("[users] " + key, where);
                }
                default -> {} // [peers]: warned about once at its header
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage(), e);
        }
    }

    private void setting(String key, String value, String where, Path dir) {
        Optional<Setting<?>> found = SettingTable.find(key);
        if (found.isEmpty()) {
            builder.warn(where + ": unknown setting \"" + key + "\" in [" + sectionAsWritten + "], ignored");
            return;
        }
        Setting<?> s = found.get();
        builder.setText(s, value, dir);
        builder.located(s.name(), where);
        if (!s.implemented() && !value.equals(s.showDefault())) {
            builder.warn(where + ": \"" + s.name() + "\" is a PgBouncer setting Berth does not implement, ignored");
        }
    }

    /** The key at the start of {@code line}, unquoted; {@code pos[0]} ends just after it. */
    private static String key(String line, int[] pos, String where) throws ConfigException {
        char first = line.charAt(0);
        if (first == '\'' || first == '"') {
            StringBuilder sb = new StringBuilder();
            int i = 1;
            while (true) {
                if (i >= line.length()) {
                    throw new ConfigException(where + ": syntax error: unterminated quoted name");
                }
                char c = line.charAt(i++);
                if (c == first) {
                    if (first == '"' && i < line.length() && line.charAt(i) == '"') {
                        i++;
                    } else {
                        break;
                    }
                }
                sb.append(c);
            }
            if (sb.isEmpty()) {
                throw new ConfigException(where + ": syntax error: empty quoted name");
            }
            pos[0] = i;
            return sb.toString();
        }
        int i = 0;
        while (i < line.length() && isKeyChar(line.charAt(i))) {
            i++;
        }
        pos[0] = i;
        return line.substring(0, i);
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '.'
                || c == '-'
                || c == '*';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
