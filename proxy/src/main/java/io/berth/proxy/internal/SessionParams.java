package io.berth.proxy.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The session settings one client expects: what it sent at startup (parameters and {@code -c}
 * options) and what the server reported back since (ParameterStatus after its own SETs). When the
 * client lands on a server connection whose settings differ, {@link #changesFor} gives the
 * set_config calls and RESET statements that make them equal. Keys are lower case, as PostgreSQL's are case-insensitive.
 *
 * <p>Confined to the client's event loop.
 */
final class SessionParams {
    /** Startup keys that are not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("user", "database", "options", "replication");

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.$]*");

    private final Map<String, String> wanted = new LinkedHashMap<>();

    /** Reads startup parameters and {@code options}; ignored names are dropped. */
    static SessionParams fromStartup(Map<String, String> startup, Set<String> ignored) {
        SessionParams p = new SessionParams();
        startup.forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            if (NOT_SETTINGS.contains(key) || key.startsWith("_pq_.") || ignored.contains(key)) {
                return;
            }
            p.wanted.put(key, v);
        });
        String options = startup.get("options");
        if (options != null) {
            parseOptions(options).forEach((k, v) -> {
                if (!ignored.contains(k)) {
                    p.wanted.put(k, v);
                }
            });
        }
        return p;
    }

    /**
     * Parses {@code -c name=value} and {@code --name=value} from a startup {@code options} string;
     * a backslash escapes the next character (so values may hold spaces). Other switches are
     * refused, since Berth cannot re-apply them on another server connection.
     */
    static Map<String, String> parseOptions(String options) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && i + 1 < options.length()) {
                w.append(options.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (!w.isEmpty()) {
                    words.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(c);
            }
        }
        if (!w.isEmpty()) {
            words.add(w.toString());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String setting;
            if (word.equals("-c") && i + 1 < words.size()) {
                setting = words.get(++i);
            } else if (word.startsWith("-c")) {
                setting = word.substring(2);
            } else if (word.startsWith("--")) {
                setting = word.substring(2);
            } else {
                throw new IllegalArgumentException("unsupported startup option \"" + word
                        + "\": Berth passes on only -c name=value and --name=value");
            }
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("startup option \"" + setting + "\" has no =value");
            }
            out.put(setting.substring(0, eq).toLowerCase(Locale.ROOT).replace('-', '_'), setting.substring(eq + 1));
        }
        return out;
    }

    /** The value the client wants, or {@code null} when it takes the server's default. */
    String get(String key) {
        return wanted.get(key.toLowerCase(Locale.ROOT));
    }

    Map<String, String> wanted() {
        return wanted;
    }

    /** A setting the server reported while this client held it: the client wants it from now on. */
    void reported(String name, String value) {
        wanted.put(name.toLowerCase(Locale.ROOT), value);
    }

    /** The server confirmed a value Berth set for this client: keep its spelling, so it matches next time. */
    void confirmed(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        if (wanted.containsKey(key)) {
            wanted.put(key, value);
        }
    }

    /**
     * The statements that make {@code server} match this client, and records them as applied on
     * the server's side. Empty when nothing differs.
     */
    String changesFor(ServerConnection server) {
        if (matches(server)) {
            return "";
        }
        Map<String, String> target = new HashMap<>(server.defaults);
        target.putAll(wanted);
        Map<String, String> current = new HashMap<>(server.params);
        StringBuilder sql = new StringBuilder();
        for (Map.Entry<String, String> e : target.entrySet()) {
            String key = e.getKey();
            if (!e.getValue().equals(current.get(key)) && NAME.matcher(key).matches()) {
                // set_config reads the value as the setting's own text, so a list such as
                // search_path "a, b" stays two schemas (SET x TO 'a, b' would make it one).
                sql.append("SELECT pg_catalog.set_config(")
                        .append(quote(key))
                        .append(", ")
                        .append(quote(e.getValue()))
                        .append(", false);");
                server.params.put(key, e.getValue());
            }
        }
        for (String key : current.keySet()) {
            if (!target.containsKey(key) && NAME.matcher(key).matches()) {
                sql.append("RESET ").append(key).append(';');
                server.params.remove(key);
            }
        }
        return sql.toString();
    }

    /** Whether the server already has exactly this client's settings: the common case, checked without allocating. */
    private boolean matches(ServerConnection server) {
        Map<String, String> current = server.params;
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(current.get(e.getKey()))) {
                return false;
            }
        }
        if (current.size() != server.defaults.size() + extraKeys(server)) {
            return false;
        }
        for (Map.Entry<String, String> e : current.entrySet()) {
            String want = wanted.get(e.getKey());
            if (want == null && !e.getValue().equals(server.defaults.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** How many of this client's settings the server does not report (so they are not among its defaults). */
    private int extraKeys(ServerConnection server) {
        int n = 0;
        for (String k : wanted.keySet()) {
            if (!server.defaults.containsKey(k)) {
                n++;
            }
        }
        return n;
    }

    private static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }
}
