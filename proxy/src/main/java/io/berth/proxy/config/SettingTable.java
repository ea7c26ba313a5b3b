package io.berth.proxy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every {@code [pgbouncer]} setting PgBouncer 1.25 knows, plus Berth's own, in the alphabetical order of
 * PgBouncer's {@code SHOW CONFIG}. Defaults and value syntax follow PgBouncer's {@code src/main.c} and {@code
 * doc/config.md}; see each deviation's comment.
 */
final class SettingTable {
    static final int MAX_POOL_SIZE = 10_000;
    static final int MAX_CONNECTIONS = 1_000_000;

    /** PgBouncer settings that a RELOAD does not change (its {@code CF_NO_RELOAD} flag). */
    private static final Set<String> NOT_CHANGEABLE = Set.of(
            "disable_pqexec",
            "job_name",
            "listen_addr",
            "listen_backlog",
            "listen_port",
            "pidfile",
            "pkt_buf",
            "resolv_conf",
            "service_name",
            "so_reuseport",
            "track_extra_parameters",
            "unix_socket_dir",
            "unix_socket_group",
            "unix_socket_mode",
            "user",
            "admin_http_addr");

    private static final List<Setting<?>> ALL = new ArrayList<>();

    // ---- stored and acted on by Berth ----
    static final Setting<String> ADMIN_HTTP_ADDR = add(new Setting<>(
            "admin_http_addr",
            "",
            "host:port (port 0 to 65535; *:port for all addresses, [v6]:port for IPv6), or empty for off",
            (t, d) -> t.strip(),
            v -> {
                try {
                    if (!v.isEmpty()) {
                        Values.parseListenAddress(v);
                    }
                    return null;
                } catch (IllegalArgumentException e) {
                    return "must be host:port (port 0 to 65535; *:port for all addresses, [v6]:port for IPv6), or"
                            + " empty for off";
                }
            },
            Function.identity(),
            true,
            false));
    /**
     * What a client in transaction or statement pooling gets when it uses something that lives on
     * one server connection (LISTEN, session advisory locks, temporary tables, WITH HOLD cursors,
     * SQL PREPARE): {@code pin} keeps its server connection until it disconnects (then closes that
     * connection), {@code refuse} answers with an error naming the feature.
     */
    static final Setting<String> SESSION_FEATURES = add(new Setting<>(
            "session_features",
            "pin",
            "pin or refuse",
            (t, d) -> t.strip().toLowerCase(Locale.ROOT),
            v -> v.equals("pin") || v.equals("refuse") ? null : "must be pin or refuse",
            Function.identity(),
            true,
            true));
    /**
     * Berth's: a {@code berth.transaction} OpenTelemetry span for each proxied transaction (0 or 1; the
     * pool acquire and server connect spans are always made). Spans are exported only when the
     * application installs an OpenTelemetry SDK; see docs/observability.md.
     */
    static final Setting<Boolean> TRACE_TRANSACTIONS = bool("trace_transactions", false);
    /** Berth's: lifecycle logs as {@code key=value} text or one JSON object per line. */
    static final Setting<String> LOG_FORMAT = add(new Setting<>(
            "log_format",
            "text",
            "text or json",
            (t, d) -> t.strip().toLowerCase(Locale.ROOT),
            v -> v.equals("text") || v.equals("json") ? null : "must be text or json",
            Function.identity(),
            true,
            true));
    /**
     * Session settings followed per client in transaction and statement pooling, besides those the
     * server reports. PgBouncer's default is IntervalStyle alone (it can only follow reported
     * settings); Berth asks the server for the values after a client's SET or RESET, so it follows
     * unreported ones too, and its default adds the usual ones.
     */
    static final Setting<List<String>> TRACK_EXTRA_PARAMETERS = add(new Setting<>(
            "track_extra_parameters",
            List.of(
                    "IntervalStyle",
                    "search_path",
                    "statement_timeout",
                    "lock_timeout",
                    "idle_in_transaction_session_timeout",
                    "role"),
            "a comma-separated list of setting names",
            (t, d) -> Values.parseList(t),
            v -> v.stream().allMatch(i -> i.matches("[A-Za-z_][A-Za-z0-9_.]*"))
                    ? null
                    : "must be a list of setting names (letters, digits, _ and .)",
            v -> String.join(",", v),
            true,
            false));
    /** Berth's: the bearer token the HTTP admin listener asks for; shown as {@code <hidden>}, never echoed. */
    static final Setting<String> ADMIN_HTTP_TOKEN = add(new Setting<>(
            "admin_http_token",
            "",
            "empty (no token), or at least 16 characters without spaces",
            (t, d) -> t.strip(),
            v -> v.isEmpty() || (v.length() >= 16 && v.chars().noneMatch(c -> Character.isWhitespace(c) || c < 0x20))
                    ? null
                    : "must be empty (no token) or at least 16 characters without spaces; make one with"
                            + " openssl rand -hex 32",
            v -> v.isEmpty() ? "" : "<hidden>",
            true,
            true,
            true));

    static final Setting<List<String>> ADMIN_USERS = list("admin_users");
    static final Setting<Boolean> APPLICATION_NAME_ADD_HOST = bool("application_name_add_host", false);
    static final Setting<Optional<Path>> AUTH_FILE = path("auth_file");
    static final Setting<Optional<Path>> AUTH_HBA_FILE = path("auth_hba_file");
    static final Setting<String> AUTH_QUERY = string(
            "auth_query",
            "SELECT rolname, CASE WHEN rolvaliduntil < now() THEN NULL ELSE rolpassword END FROM pg_authid"
                    + " WHERE rolname=$1 AND rolcanlogin");
    static final Setting<AuthType> AUTH_TYPE = add(new Setting<>(
            "auth_type",
            AuthType.MD5,
            "one of any, trust, plain, md5, scram-sha-256",
            (t, d) -> {
                String name = t.strip().toLowerCase(Locale.ROOT);
                if (AuthType.NOT_SUPPORTED.contains(name)) {
                    throw InvalidSettingException.invalid(
                            "auth_type",
                            "auth_type",
                            t,
                            "Berth does not support " + name
                                    + " authentication; must be one of any, trust, plain, md5, scram-sha-256");
                }
                return AuthType.fromConfigName(name).orElseThrow(IllegalArgumentException::new);
            },
            null,
            AuthType::configName,
            true,
            true));
    static final Setting<String> AUTH_USER = string("auth_user", "");
    static final Setting<Duration> AUTODB_IDLE_TIMEOUT = time("autodb_idle_timeout", 3600);
    static final Setting<Duration> CLIENT_IDLE_TIMEOUT = time("client_idle_timeout", 0);
    static final Setting<Duration> CLIENT_LOGIN_TIMEOUT = time("client_login_timeout", 60);
    static final Setting<Optional<Path>> CLIENT_TLS_CA_FILE = path("client_tls_ca_file");
    static final Setting<Optional<Path>> CLIENT_TLS_CERT_FILE = path("client_tls_cert_file");
    static final Setting<String> CLIENT_TLS_CIPHERS = string("client_tls_ciphers", "default");
    static final Setting<Optional<Path>> CLIENT_TLS_KEY_FILE = path("client_tls_key_file");
    static final Setting<String> CLIENT_TLS_PROTOCOLS = tlsProtocols("client_tls_protocols");
    static final Setting<SslMode> CLIENT_TLS_SSLMODE = sslMode("client_tls_sslmode", SslMode.DISABLE);
    static final Setting<Integer> DEFAULT_POOL_SIZE = integer("default_pool_size", 20, 1, MAX_POOL_SIZE);
    static final Setting<Duration> IDLE_TRANSACTION_TIMEOUT = time("idle_transaction_timeout", 0);
    static final Setting<List<String>> IGNORE_STARTUP_PARAMETERS = list("ignore_startup_parameters");
    static final Setting<List<String>> LISTEN_ADDR = list("listen_addr");
    static final Setting<Integer> LISTEN_BACKLOG = integer("listen_backlog", 128, 1, 65535);
    static final Setting<Integer> LISTEN_PORT = integer("listen_port", 6432, 0, 65535);
    static final Setting<Boolean> LOG_CONNECTIONS = bool("log_connections", true);
    static final Setting<Boolean> LOG_DISCONNECTIONS = bool("log_disconnections", true);
    static final Setting<Boolean> LOG_POOLER_ERRORS = bool("log_pooler_errors", true);
    static final Setting<Optional<Path>> LOGFILE = path("logfile");
    static final Setting<Integer> MAX_CLIENT_CONN = integer("max_client_conn", 100, 1, MAX_CONNECTIONS);
    static final Setting<Integer> MAX_DB_CONNECTIONS = integer("max_db_connections", 0, 0, MAX_CONNECTIONS);
    static final Setting<Integer> MAX_DB_CLIENT_CONNECTIONS =
            integer("max_db_client_connections", 0, 0, MAX_CONNECTIONS);
    static final Setting<Long> MAX_PACKET_SIZE = add(new Setting<>(
            "max_packet_size",
            2_147_483_647L,
            "an integer between 1024 and 4294967295",
            (t, d) -> Values.parseCInteger(t),
            v -> v < 1024 || v > 4_294_967_295L ? "must be between 1024 and 4294967295" : null,
            String::valueOf,
            true,
            true));
    static final Setting<Integer> MAX_PREPARED_STATEMENTS = integer("max_prepared_statements", 200, 0, MAX_CONNECTIONS);
    static final Setting<Integer> MAX_USER_CONNECTIONS = integer("max_user_connections", 0, 0, MAX_CONNECTIONS);
    static final Setting<Integer> MAX_USER_CLIENT_CONNECTIONS =
            integer("max_user_client_connections", 0, 0, MAX_CONNECTIONS);
    static final Setting<Integer> MIN_POOL_SIZE = integer("min_pool_size", 0, 0, MAX_POOL_SIZE);
    static final Setting<Optional<Path>> PIDFILE = path("pidfile");
    static final Setting<Integer> PKT_BUF = integer("pkt_buf", 4096, 512, 16 * 1024 * 1024);
    static final Setting<PoolMode> POOL_MODE = add(new Setting<>(
            "pool_mode",
            PoolMode.SESSION,
            "one of session, transaction, statement",
            (t, d) -> poolMode(t),
            null,
            m -> m.name().toLowerCase(Locale.ROOT),
            true,
            true));
    static final Setting<Duration> QUERY_TIMEOUT = time("query_timeout", 0);
    /** Several processes may listen on the same port (a rolling restart: the new one starts, the old one drains). */
    static final Setting<Boolean> SO_REUSEPORT = bool("so_reuseport", false);

    static final Setting<Duration> TRANSACTION_TIMEOUT = time("transaction_timeout", 0);
    static final Setting<Duration> QUERY_WAIT_TIMEOUT = time("query_wait_timeout", 120);
    static final Setting<Integer> RESERVE_POOL_SIZE = integer("reserve_pool_size", 0, 0, MAX_POOL_SIZE);
    static final Setting<Duration> RESERVE_POOL_TIMEOUT = time("reserve_pool_timeout", 5);
    static final Setting<Duration> SERVER_CHECK_DELAY = time("server_check_delay", 30);
    // PgBouncer 1.24 changed this default to "<empty>" (an empty query); Berth keeps 1.18's "select 1".
    static final Setting<String> SERVER_CHECK_QUERY = string("server_check_query", "select 1");
    static final Setting<Duration> SERVER_CONNECT_TIMEOUT = time("server_connect_timeout", 15);
    static final Setting<Duration> SERVER_IDLE_TIMEOUT = time("server_idle_timeout", 600);
    static final Setting<Duration> SERVER_LIFETIME = time("server_lifetime", 3600);
    static final Setting<Duration> SERVER_LOGIN_RETRY = time("server_login_retry", 15);
    static final Setting<String> SERVER_RESET_QUERY = string("server_reset_query", "DISCARD ALL");
    static final Setting<Boolean> SERVER_RESET_QUERY_ALWAYS = bool("server_reset_query_always", false);
    static final Setting<Boolean> SERVER_ROUND_ROBIN = bool("server_round_robin", false);
    static final Setting<Optional<Path>> SERVER_TLS_CA_FILE = path("server_tls_ca_file");
    static final Setting<Optional<Path>> SERVER_TLS_CERT_FILE = path("server_tls_cert_file");
    static final Setting<String> SERVER_TLS_CIPHERS = string("server_tls_ciphers", "default");
    static final Setting<Optional<Path>> SERVER_TLS_KEY_FILE = path("server_tls_key_file");
    static final Setting<String> SERVER_TLS_PROTOCOLS = tlsProtocols("server_tls_protocols");
    // PgBouncer's default since 1.20 (was disable before).
    static final Setting<SslMode> SERVER_TLS_SSLMODE = sslMode("server_tls_sslmode", SslMode.PREFER);
    static final Setting<Duration> STATS_PERIOD = add(new Setting<>(
            "stats_period",
            Duration.ofSeconds(60),
            "a time value of at least 1 s: " + Values.TIME_SYNTAX,
            (t, d) -> Values.parseDuration(t),
            v -> v.compareTo(Duration.ofSeconds(1)) < 0 || v.toSeconds() > Values.MAX_SECONDS
                    ? "must be between 1 and " + Values.MAX_SECONDS + " seconds"
                    : null,
            Values::showDuration,
            true,
            true));
    static final Setting<List<String>> STATS_USERS = list("stats_users");
    static final Setting<Boolean> TCP_KEEPALIVE = bool("tcp_keepalive", true);
    // empty disables Unix sockets; a leading @ means Linux's abstract namespace
    static final Setting<String> UNIX_SOCKET_DIR = string("unix_socket_dir", "/tmp");
    static final Setting<Integer> UNIX_SOCKET_MODE = add(new Setting<>(
            "unix_socket_mode",
            0777,
            "an octal file mode between 0 and 0777",
            (t, d) -> toInt(Values.parseCInteger(t)),
            v -> v < 0 || v > 0777 ? "must be between 0 and 0777" : null,
            v -> "0" + Integer.toOctalString(v),
            true,
            false));

    // ---- PgBouncer settings Berth reads, checks like PgBouncer, and ignores ----
    static {
        ignored("auth_dbname", "", Kind.STRING);
        ignored("auth_ident_file", "", Kind.STRING);
        ignored("auth_ldap_options", "", Kind.STRING);
        ignored("cancel_wait_timeout", "10", Kind.TIME);
        ignored("client_tls13_ciphers", "", Kind.STRING);
        ignored("client_tls_dheparams", "auto", Kind.STRING);
        ignored("client_tls_ecdhcurve", "auto", Kind.STRING);
        ignored("conffile", "", Kind.STRING);
        ignored("disable_pqexec", "0", Kind.INT);
        ignored("dns_max_ttl", "15", Kind.TIME);
        ignored("dns_nxdomain_ttl", "15", Kind.TIME);
        ignored("dns_zone_check_period", "0", Kind.TIME);
        ignored("job_name", "pgbouncer", Kind.STRING);
        ignored("log_stats", "1", Kind.INT);
        ignored("login_notify_message", "", Kind.STRING);
        ignored("peer_id", "0", Kind.INT);
        ignored("pool_idle_timeout", "0", Kind.TIME);
        ignored("query_wait_notify", "5", Kind.INT);
        ignored("resolv_conf", "", Kind.STRING);
        ignored("sbuf_loopcnt", "5", Kind.INT);
        ignored("scram_iterations", "4096", Kind.INT);
        ignored("server_fast_close", "0", Kind.INT);
        ignored("server_tls13_ciphers", "", Kind.STRING);
        ignored("service_name", "", Kind.STRING);
        ignored("suspend_timeout", "10", Kind.TIME);
        ignored("syslog", "0", Kind.INT);
        ignored("syslog_facility", "daemon", Kind.STRING);
        ignored("syslog_ident", "pgbouncer", Kind.STRING);
        ignored("tcp_defer_accept", "1", Kind.INT);
        ignored("tcp_keepcnt", "0", Kind.INT);
        ignored("tcp_keepidle", "0", Kind.INT);
        ignored("tcp_keepintvl", "0", Kind.INT);
        ignored("tcp_socket_buffer", "0", Kind.INT);
        ignored("tcp_user_timeout", "0", Kind.INT);
        ignored("unix_socket_group", "", Kind.STRING);
        ignored("user", "", Kind.STRING);
        ignored("verbose", "0", Kind.INT);
    }

    /** Every setting by lower-case name, alphabetically. */
    static final Map<String, Setting<?>> BY_NAME;

    static {
        ALL.sort(Comparator.comparing(Setting::name));
        Map<String, Setting<?>> byName = new LinkedHashMap<>();
        for (Setting<?> s : ALL) {
            byName.put(s.name(), s);
        }
        BY_NAME = java.util.Collections.unmodifiableMap(byName);
    }

    private SettingTable() {}

    /** The setting called {@code name} (case-insensitive), if PgBouncer or Berth knows it. */
    static Optional<Setting<?>> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    static PoolMode poolMode(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "session" -> PoolMode.SESSION;
            case "transaction" -> PoolMode.TRANSACTION;
            case "statement" -> PoolMode.STATEMENT;
            default -> throw new IllegalArgumentException("bad pool mode");
        };
    }

    private enum Kind {
        INT,
        TIME,
        STRING
    }

    private static <T> Setting<T> add(Setting<T> s) {
        ALL.add(s);
        return s;
    }

    private static boolean changeable(String name) {
        return !NOT_CHANGEABLE.contains(name);
    }

    private static int toInt(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("out of int range");
        }
        return (int) v;
    }

    private static Setting<Integer> integer(String name, int def, int min, int max) {
        return add(new Setting<>(
                name,
                def,
                "an integer between " + min + " and " + max,
                (t, d) -> toInt(Values.parseCInteger(t)),
                v -> v < min || v > max ? "must be between " + min + " and " + max : null,
                String::valueOf,
                true,
                changeable(name)));
    }

    private static Setting<Boolean> bool(String name, boolean def) {
        return add(new Setting<>(
                name,
                def,
                "a boolean: 0 or 1, yes or no, on or off, true or false",
                (t, d) -> Values.parseBoolean(t),
                null,
                v -> v ? "1" : "0",
                true,
                changeable(name)));
    }

    /** A time value where 0 is allowed (PgBouncer documents what 0 means for each). */
    private static Setting<Duration> time(String name, long defSeconds) {
        return add(new Setting<>(
                name,
                Duration.ofSeconds(defSeconds),
                "a time value between 0 and " + Values.MAX_SECONDS + " seconds: " + Values.TIME_SYNTAX,
                (t, d) -> Values.parseDuration(t),
                v -> v.isNegative() || v.toSeconds() > Values.MAX_SECONDS
                        ? "must be between 0 and " + Values.MAX_SECONDS + " seconds"
                        : null,
                Values::showDuration,
                true,
                changeable(name)));
    }

    private static Setting<String> string(String name, String def) {
        return add(new Setting<>(
                name,
                def,
                "a single line of text",
                (t, d) -> t,
                v -> v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 ? "must be a single line of text" : null,
                Function.identity(),
                true,
                changeable(name)));
    }

    private static Setting<List<String>> list(String name) {
        return add(new Setting<>(
                name,
                List.of(),
                "a comma-separated list",
                (t, d) -> Values.parseList(t),
                v -> v.stream()
                                .anyMatch(i ->
                                        i.isEmpty() || i.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c)))
                        ? "must be a list of non-empty items without commas or spaces"
                        : null,
                v -> String.join(",", v),
                true,
                changeable(name)));
    }

    /** A file name; relative names are resolved against the directory of the file that sets them. */
    private static Setting<Optional<Path>> path(String name) {
        return add(new Setting<>(
                name,
                Optional.empty(),
                "a file name",
                (t, baseDir) -> {
                    String s = t.strip();
                    if (s.isEmpty()) {
                        return Optional.empty();
                    }
                    Path p = Path.of(s);
                    return Optional.of(baseDir == null ? p : baseDir.resolve(p));
                },
                null,
                v -> v.map(Path::toString).orElse(""),
                true,
                changeable(name)));
    }

    private static Setting<SslMode> sslMode(String name, SslMode def) {
        return add(new Setting<>(
                name,
                def,
                "one of disable, allow, prefer, require, verify-ca, verify-full",
                (t, d) -> SslMode.fromConfigName(t).orElseThrow(IllegalArgumentException::new),
                null,
                SslMode::configName,
                true,
                changeable(name)));
    }

    private static Setting<String> tlsProtocols(String name) {
        return add(new Setting<>(
                name,
                "secure",
                "a list of all, secure, legacy, tlsv1.0, tlsv1.1, tlsv1.2, tlsv1.3 (each may be negated with !)",
                (t, d) -> t.strip(),
                v -> {
                    try {
                        return Values.tlsProtocols(v).isEmpty() ? "must allow at least one protocol" : null;
                    } catch (IllegalArgumentException e) {
                        return "must be a list of all, secure, legacy, tlsv1.0, tlsv1.1, tlsv1.2, tlsv1.3"
                                + " (each may be negated with !)";
                    }
                },
                Function.identity(),
                true,
                changeable(name)));
    }

    private static void ignored(String name, String def, Kind kind) {
        Setting.Reader<String> reader = switch (kind) {
            case INT ->
                (t, d) -> {
                    toInt(Values.parseCInteger(t));
                    return t;
                };
            case TIME ->
                (t, d) -> {
                    Values.parseDuration(t);
                    return t;
                };
            case STRING -> (t, d) -> t;
        };
        String allowed = switch (kind) {
            case INT -> "an integer";
            case TIME -> "a time value: " + Values.TIME_SYNTAX;
            case STRING -> "text";
        };
        add(new Setting<>(name, def, allowed, reader, null, Function.identity(), false, changeable(name)));
    }
}
