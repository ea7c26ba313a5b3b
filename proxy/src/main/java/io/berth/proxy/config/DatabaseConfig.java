package io.berth.proxy.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One entry of {@code [databases]}: the name clients ask for and where Berth connects for it. Values not set
 * here fall back to the {@code [pgbouncer]} defaults; the effective getters ({@link #poolSize(ProxyConfig)}
 * and friends) apply that rule.
 *
 * <p><b>No host</b> means, as in PgBouncer, the local server over the Unix socket in {@code unix_socket_dir}
 * ({@link #unixSocketPath(ProxyConfig)}). Berth's choice where that socket is not usable (no {@code
 * unix_socket_dir}, an abstract {@code @} socket, or a transport without Unix sockets): TCP to {@code
 * 127.0.0.1} on {@link #port()}, which {@link #tcpHosts()} returns. A host starting with {@code /} is a
 * socket directory, as in libpq.
 *
 * <p>Immutable; made by {@link #custom(String)} or read from a file. A bad value throws {@link
 * IllegalArgumentException} naming the database, the parameter, the value and the allowed range.
 */
public final class DatabaseConfig {
    /** The host Berth uses over TCP when an entry names none. */
    public static final String LOCAL_TCP_HOST = "127.0.0.1";

    static final Set<String> KEYS = Set.of(
            "dbname",
            "host",
            "port",
            "user",
            "password",
            "auth_user",
            "pool_size",
            "min_pool_size",
            "reserve_pool",
            "reserve_pool_size",
            "connect_query",
            "pool_mode",
            "max_db_connections",
            "client_encoding",
            "datestyle",
            "timezone",
            "application_name",
            "load_balance_hosts",
            "target_session_attrs",
            "query_timeout",
            "query_wait_timeout",
            "idle_transaction_timeout",
            "transaction_timeout",
            "client_idle_timeout",
            "server_lifetime",
            "max_db_client_connections");
    /** PgBouncer's other per-database parameters: read, and ignored with a warning. */
    static final Set<String> IGNORED_KEYS = Set.of("auth_query", "auth_dbname");

    private final String name;
    private final String host;
    private final int port;
    private final String dbname;
    private final String user;
    private final String password;
    private final String authUser;
    private final Integer poolSize;
    private final Integer minPoolSize;
    private final Integer reservePoolSize;
    private final String connectQuery;
    private final String loadBalanceHosts;
    private final String targetSessionAttrs;
    private final PoolMode poolMode;
    private final Integer maxDbConnections;
    private final String clientEncoding;
    private final String datestyle;
    private final String timezone;
    private final String applicationName;
    private final EntryOverrides overrides;

    private DatabaseConfig(Builder b) {
        name = b.name;
        host = b.host;
        port = b.port;
        dbname = b.dbname;
        user = b.user;
        password = b.password;
        authUser = b.authUser;
        poolSize = b.poolSize;
        minPoolSize = b.minPoolSize;
        reservePoolSize = b.reservePoolSize;
        connectQuery = b.connectQuery;
        loadBalanceHosts = b.loadBalanceHosts;
        targetSessionAttrs = b.targetSessionAttrs;
        poolMode = b.poolMode;
        maxDbConnections = b.maxDbConnections;
        clientEncoding = b.clientEncoding;
        datestyle = b.datestyle;
        timezone = b.timezone;
        applicationName = b.applicationName;
        overrides = b.overrides;
    }

    /** A builder for the entry clients reach as {@code name}; {@code *} is the fallback for any name. */
    public static Builder custom(String name) {
        return new Builder(name);
    }

    /** A builder holding {@code base}'s values. */
    public static Builder from(DatabaseConfig base) {
        return new Builder(base, base.name);
    }

    /**
     * Reads {@code name = connstr} from {@code [databases]}; parameters PgBouncer knows but Berth ignores are
     * reported to {@code ignored}. An unknown parameter is an error, as in PgBouncer.
     */
    static DatabaseConfig parse(String name, String connString, Consumer<String> ignored) {
        Builder b = custom(name);
        List<Map.Entry<String, String>> pairs;
        try {
            pairs = ConnString.parse(connString);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(
                    b.key, "database \"" + name + "\": cannot read its connection string: " + e.getMessage());
        }
        for (Map.Entry<String, String> p : pairs) {
            String k = p.getKey();
            String v = p.getValue();
            switch (k) {
                case "dbname" -> b.dbname(v);
                case "host" -> b.host(v);
                case "port" -> b.port(b.integer(k, v, 1, 65535));
                case "user" -> b.user(v);
                case "password" -> b.password(v);
                case "auth_user" -> b.authUser(v);
                case "pool_size" -> b.poolSize(b.integer(k, v, 1, SettingTable.MAX_POOL_SIZE));
                case "min_pool_size" -> b.minPoolSize(b.integer(k, v, 0, SettingTable.MAX_POOL_SIZE));
                case "reserve_pool", "reserve_pool_size" ->
                    b.reservePoolSize(b.integer(k, v, 0, SettingTable.MAX_POOL_SIZE));
                case "connect_query" -> b.connectQuery(v);
                case "load_balance_hosts" -> b.loadBalanceHosts(oneOf(b, name, k, v, "disable", "round-robin"));
                case "target_session_attrs" ->
                    b.targetSessionAttrs(oneOf(
                            b, name, k, v, "any", "read-write", "read-only", "primary", "standby", "prefer-standby"));
                case "pool_mode" -> b.poolMode(b.poolModeOf(v));
                case "max_db_connections" -> b.maxDbConnections(b.integer(k, v, 0, SettingTable.MAX_CONNECTIONS));
                case "client_encoding" -> b.clientEncoding(v);
                case "datestyle" -> b.datestyle(v);
                case "timezone" -> b.timezone(v);
                case "application_name" -> b.applicationName(v);
                case "query_timeout",
                        "query_wait_timeout",
                        "idle_transaction_timeout",
                        "transaction_timeout",
                        "client_idle_timeout",
                        "server_lifetime" ->
                    b.time(k, EntryOverrides.parseTime(b.key, "database \"" + name + "\": " + k, v));
                case "max_db_client_connections" ->
                    b.maxDbClientConnections(b.integer(k, v, 0, SettingTable.MAX_CONNECTIONS));
                default -> {
                    if (IGNORED_KEYS.contains(k)) {
                        ignored.accept("database \"" + name + "\": parameter \"" + k
                                + "\" is not implemented by Berth, ignored");
                    } else {
                        throw new InvalidSettingException(
                                b.key,
                                "database \"" + name + "\": unknown parameter \"" + k + "\"; allowed: "
                                        + String.join(", ", sortedKeys()));
                    }
                }
            }
        }
        return b.build();
    }

    private static String oneOf(Builder b, String name, String key, String value, String... allowed)
            throws InvalidSettingException {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!List.of(allowed).contains(v)) {
            throw new InvalidSettingException(
                    b.key,
                    "database \"" + name + "\": " + key + " = " + value + " is invalid: must be one of "
                            + String.join(", ", allowed));
        }
        return v;
    }

    private static List<String> sortedKeys() {
        return KEYS.stream().sorted().toList();
    }

    /** The name clients connect to. */
    public String name() {
        return name;
    }

    /** Whether this is the {@code *} fallback entry. */
    public boolean isFallback() {
        return name.equals("*");
    }

    /** The database name sent to the server: {@code dbname=}, or else the entry's name. */
    public String dbname() {
        return dbname != null ? dbname : name;
    }

    /** The {@code host=} value as written: a name, an address, a socket directory, or a comma list. */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /** The hosts of {@code host=}, in order; empty when none is set (the local server). */
    public List<String> hosts() {
        return host == null ? List.of() : Values.parseList(host);
    }

    /**
     * The hosts to reach over TCP: those of {@code host=} that are not socket directories, or {@link
     * #LOCAL_TCP_HOST} when no host is set.
     */
    public List<String> tcpHosts() {
        if (host == null) {
            return List.of(LOCAL_TCP_HOST);
        }
        List<String> out = new ArrayList<>();
        for (String h : hosts()) {
            if (!h.startsWith("/") && !h.startsWith("@")) {
                out.add(h);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The server's Unix socket file ({@code <dir>/.s.PGSQL.<port>}) when this entry connects over one: its
     * host is a directory, or it has no host and {@code unix_socket_dir} is a directory.
     */
    public Optional<Path> unixSocketPath(ProxyConfig config) {
        String dir;
        if (host == null) {
            dir = config.unixSocketDir().orElse(null);
        } else {
            dir = hosts().stream().filter(h -> h.startsWith("/")).findFirst().orElse(null);
        }
        if (dir == null || !dir.startsWith("/")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(dir, ".s.PGSQL." + port));
    }

    /** The server's port. Default 5432. */
    public int port() {
        return port;
    }

    /** The user every server connection logs in as; when absent, the client's own user name is used. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password for {@link #user()}; when absent, the secret from {@code auth_file} is used. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Overrides {@code auth_user} for this database. */
    public Optional<String> authUser() {
        return Optional.ofNullable(authUser);
    }

    /** {@link #authUser()}, or else the global {@code auth_user}. */
    public Optional<String> authUser(ProxyConfig config) {
        return authUser != null ? authUser() : config.authUser();
    }

    /** Most server connections per user of this database, if set here. */
    public OptionalInt poolSize() {
        return optional(poolSize);
    }

    /** {@link #poolSize()}, or else {@code default_pool_size}. */
    public int poolSize(ProxyConfig config) {
        return poolSize != null ? poolSize : config.defaultPoolSize();
    }

    /** Server connections kept open per pool, if set here. */
    public OptionalInt minPoolSize() {
        return optional(minPoolSize);
    }

    /** {@link #minPoolSize()}, or else {@code min_pool_size}. */
    public int minPoolSize(ProxyConfig config) {
        return minPoolSize != null ? minPoolSize : config.minPoolSize();
    }

    /** Extra connections allowed after {@code reserve_pool_timeout}, if set here ({@code reserve_pool=}). */
    public OptionalInt reservePoolSize() {
        return optional(reservePoolSize);
    }

    /** {@link #reservePoolSize()}, or else {@code reserve_pool_size}. */
    public int reservePoolSize(ProxyConfig config) {
        return reservePoolSize != null ? reservePoolSize : config.reservePoolSize();
    }

    /** Run once on each new server connection before any client uses it; its errors are logged only. */
    /** load_balance_hosts: spread connections over the hosts (round-robin, the default) or use them in order (disable). */
    public boolean loadBalanceHosts() {
        return !"disable".equals(loadBalanceHosts);
    }

    /**
     * target_session_attrs (Berth's, after libpq's): which hosts may serve this database: any (the
     * default), read-write (primary), read-only (standby) or prefer-standby.
     */
    public String targetSessionAttrs() {
        return targetSessionAttrs == null ? "any" : targetSessionAttrs;
    }

    public Optional<String> connectQuery() {
        return Optional.ofNullable(connectQuery);
    }

    /** This database's pool mode, if set here. */
    public Optional<PoolMode> poolMode() {
        return Optional.ofNullable(poolMode);
    }

    /** {@link #poolMode()}, or else {@code pool_mode}; see {@link ProxyConfig#poolMode(DatabaseConfig, String)}. */
    public PoolMode poolMode(ProxyConfig config) {
        return poolMode != null ? poolMode : config.poolMode();
    }

    /** Most server connections to this database over all its users, if set here; 0 means unlimited. */
    public OptionalInt maxDbConnections() {
        return optional(maxDbConnections);
    }

    /** {@link #maxDbConnections()}, or else {@code max_db_connections}; 0 means unlimited. */
    public int maxDbConnections(ProxyConfig config) {
        return maxDbConnections != null ? maxDbConnections : config.maxDbConnections();
    }

    /** {@code client_encoding} asked of the server. */
    public Optional<String> clientEncoding() {
        return Optional.ofNullable(clientEncoding);
    }

    /** {@code DateStyle} asked of the server. */
    public Optional<String> datestyle() {
        return Optional.ofNullable(datestyle);
    }

    /** {@code TimeZone} asked of the server. */
    public Optional<String> timezone() {
        return Optional.ofNullable(timezone);
    }

    /** {@code application_name} sent in the server's startup packet. */
    public Optional<String> applicationName() {
        return Optional.ofNullable(applicationName);
    }

    /**
     * The timeouts and client limit set in this entry: query_timeout, query_wait_timeout,
     * idle_transaction_timeout, transaction_timeout, client_idle_timeout, server_lifetime and
     * max_db_client_connections.
     */
    public EntryOverrides overrides() {
        return overrides;
    }

    /** This entry under another name: the {@code *} fallback as the database a client asked for. */
    DatabaseConfig renamed(String newName) {
        return new Builder(this, newName).build();
    }

    private static OptionalInt optional(Integer v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseConfig d
                && name.equals(d.name)
                && port == d.port
                && Objects.equals(host, d.host)
                && Objects.equals(dbname, d.dbname)
                && Objects.equals(user, d.user)
                && Objects.equals(password, d.password)
                && Objects.equals(authUser, d.authUser)
                && Objects.equals(poolSize, d.poolSize)
                && Objects.equals(minPoolSize, d.minPoolSize)
                && Objects.equals(reservePoolSize, d.reservePoolSize)
                && Objects.equals(connectQuery, d.connectQuery)
                && Objects.equals(loadBalanceHosts, d.loadBalanceHosts)
                && Objects.equals(targetSessionAttrs, d.targetSessionAttrs)
                && poolMode == d.poolMode
                && Objects.equals(maxDbConnections, d.maxDbConnections)
                && Objects.equals(clientEncoding, d.clientEncoding)
                && Objects.equals(datestyle, d.datestyle)
                && Objects.equals(timezone, d.timezone)
                && Objects.equals(applicationName, d.applicationName)
                && overrides.equals(d.overrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, host, port, dbname, user, poolSize, poolMode);
    }

    /** The entry as a {@code [databases]} line, with the password masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DatabaseConfig[").append(name).append(" =");
        append(sb, "host", host);
        append(sb, "port", port == 5432 ? null : port);
        append(sb, "dbname", dbname);
        append(sb, "user", user);
        append(sb, "password", password == null ? null : "***");
        append(sb, "auth_user", authUser);
        append(sb, "pool_size", poolSize);
        append(sb, "min_pool_size", minPoolSize);
        append(sb, "reserve_pool_size", reservePoolSize);
        append(sb, "connect_query", connectQuery);
        append(sb, "load_balance_hosts", loadBalanceHosts);
        append(sb, "target_session_attrs", targetSessionAttrs);
        append(sb, "pool_mode", poolMode == null ? null : poolMode.name().toLowerCase(java.util.Locale.ROOT));
        append(sb, "max_db_connections", maxDbConnections);
        append(sb, "client_encoding", clientEncoding);
        append(sb, "datestyle", datestyle);
        append(sb, "timezone", timezone);
        append(sb, "application_name", applicationName);
        overrides.appendTo(sb, "max_db_client_connections");
        return sb.append(']').toString();
    }

    private static void append(StringBuilder sb, String key, Object value) {
        if (value != null) {
            String v = value.toString();
            boolean quote = v.isEmpty() || v.chars().anyMatch(c -> Character.isWhitespace(c) || c == '\'');
            sb.append(' ').append(key).append('=');
            sb.append(quote ? "'" + v.replace("'", "''") + "'" : v);
        }
    }

    /** Validates each value as it is set; {@code null} clears an optional one back to the global default. */
    public static final class Builder {
        private final String name;
        private final String key;
        private String host;
        private int port = 5432;
        private String dbname;
        private String user;
        private String password;
        private String authUser;
        private Integer poolSize;
        private Integer minPoolSize;
        private Integer reservePoolSize;
        private String connectQuery;
        private String loadBalanceHosts;
        private String targetSessionAttrs;
        private PoolMode poolMode;
        private Integer maxDbConnections;
        private String clientEncoding;
        private String datestyle;
        private String timezone;
        private String applicationName;
        private EntryOverrides overrides = EntryOverrides.NONE;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            this.name = name;
            this.key = "[databases] " + name;
            if (name.isEmpty() || name.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
                throw new InvalidSettingException(
                        key, "database name \"" + name + "\" is invalid: must be non-empty" + " text on one line");
            }
            if (name.equals("pgbouncer")) {
                throw new InvalidSettingException(
                        key, "database name \"pgbouncer\" is reserved for the admin console: choose another name");
            }
        }

        private Builder(DatabaseConfig base, String name) {
            this(name);
            host = base.host;
            port = base.port;
            dbname = base.dbname;
            user = base.user;
            password = base.password;
            authUser = base.authUser;
            poolSize = base.poolSize;
            minPoolSize = base.minPoolSize;
            reservePoolSize = base.reservePoolSize;
            connectQuery = base.connectQuery;
            loadBalanceHosts = base.loadBalanceHosts;
            targetSessionAttrs = base.targetSessionAttrs;
            poolMode = base.poolMode;
            maxDbConnections = base.maxDbConnections;
            clientEncoding = base.clientEncoding;
            datestyle = base.datestyle;
            timezone = base.timezone;
            applicationName = base.applicationName;
            overrides = base.overrides;
        }

        /** Host name, address, socket directory ({@code /...}) or comma list; null or empty for local. */
        public Builder host(String host) {
            this.host = text("host", host);
            return this;
        }

        public Builder port(int port) {
            this.port = range("port", port, 1, 65535);
            return this;
        }

        /** The server-side database name; null for the entry's own name. */
        public Builder dbname(String dbname) {
            this.dbname = text("dbname", dbname);
            return this;
        }

        public Builder user(String user) {
            this.user = text("user", user);
            return this;
        }

        public Builder password(String password) {
            this.password = text("password", password);
            return this;
        }

        public Builder authUser(String authUser) {
            this.authUser = text("auth_user", authUser);
            return this;
        }

        public Builder poolSize(Integer poolSize) {
            this.poolSize = poolSize == null ? null : range("pool_size", poolSize, 1, SettingTable.MAX_POOL_SIZE);
            return this;
        }

        public Builder minPoolSize(Integer minPoolSize) {
            this.minPoolSize =
                    minPoolSize == null ? null : range("min_pool_size", minPoolSize, 0, SettingTable.MAX_POOL_SIZE);
            return this;
        }

        /** PgBouncer's {@code reserve_pool_size=}, also spelt {@code reserve_pool=}. */
        public Builder reservePoolSize(Integer reservePoolSize) {
            this.reservePoolSize = reservePoolSize == null
                    ? null
                    : range("reserve_pool_size", reservePoolSize, 0, SettingTable.MAX_POOL_SIZE);
            return this;
        }

        public Builder loadBalanceHosts(String value) {
            this.loadBalanceHosts = value;
            return this;
        }

        public Builder targetSessionAttrs(String value) {
            this.targetSessionAttrs = value;
            return this;
        }

        public Builder connectQuery(String connectQuery) {
            this.connectQuery = text("connect_query", connectQuery);
            return this;
        }

        public Builder poolMode(PoolMode poolMode) {
            this.poolMode = poolMode;
            return this;
        }

        /** 0 means unlimited. */
        /**
         * Sets one of query_timeout, query_wait_timeout, idle_transaction_timeout, transaction_timeout,
         * client_idle_timeout or server_lifetime for this database ({@code null}: the global value).
         */
        public Builder time(String setting, java.time.Duration value) {
            if (!EntryOverrides.TIMES.contains(setting) && !setting.equals("server_lifetime")) {
                throw new IllegalArgumentException("not a per-database time setting: " + setting);
            }
            if (value != null && (value.isNegative() || value.toSeconds() > Values.MAX_SECONDS)) {
                throw invalid(setting, value, "must be between 0 and " + Values.MAX_SECONDS + " seconds");
            }
            overrides = overrides.withTime(setting, value);
            return this;
        }

        /** Most client connections to this database over all users; 0 means unlimited. */
        public Builder maxDbClientConnections(Integer max) {
            overrides = overrides.withMaxClients(
                    max == null ? null : range("max_db_client_connections", max, 0, SettingTable.MAX_CONNECTIONS));
            return this;
        }

        public Builder maxDbConnections(Integer maxDbConnections) {
            this.maxDbConnections = maxDbConnections == null
                    ? null
                    : range("max_db_connections", maxDbConnections, 0, SettingTable.MAX_CONNECTIONS);
            return this;
        }

        public Builder clientEncoding(String clientEncoding) {
            this.clientEncoding = text("client_encoding", clientEncoding);
            return this;
        }

        public Builder datestyle(String datestyle) {
            this.datestyle = text("datestyle", datestyle);
            return this;
        }

        public Builder timezone(String timezone) {
            this.timezone = text("timezone", timezone);
            return this;
        }

        public Builder applicationName(String applicationName) {
            this.applicationName = text("application_name", applicationName);
            return this;
        }

        public DatabaseConfig build() {
            return new DatabaseConfig(this);
        }

        private String text(String param, String value) {
            if (value == null || value.isEmpty()) {
                return null;
            }
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf(0) >= 0) {
                throw invalid(param, value, "must be a single line of text");
            }
            return value;
        }

        private int range(String param, int value, int min, int max) {
            if (value < min || value > max) {
                throw invalid(param, value, "must be between " + min + " and " + max);
            }
            return value;
        }

        private int integer(String param, String text, int min, int max) {
            long v;
            try {
                v = Values.parseDecimal(text);
            } catch (IllegalArgumentException e) {
                throw invalid(param, text, "must be an integer between " + min + " and " + max);
            }
            if (v < min || v > max) {
                throw invalid(param, text, "must be between " + min + " and " + max);
            }
            return (int) v;
        }

        private PoolMode poolModeOf(String text) {
            try {
                return SettingTable.poolMode(text);
            } catch (IllegalArgumentException e) {
                throw invalid("pool_mode", text, "must be one of session, transaction, statement");
            }
        }

        private InvalidSettingException invalid(String param, Object value, String reason) {
            return InvalidSettingException.invalid(key, "database \"" + name + "\": " + param, value, reason);
        }
    }
}
