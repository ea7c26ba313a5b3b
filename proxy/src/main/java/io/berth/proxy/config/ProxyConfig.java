package io.berth.proxy.config;

import static io.berth.proxy.config.SettingTable.*;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The proxy's configuration: a PgBouncer {@code pgbouncer.ini} read as is, or the same values built in code.
 * Immutable. Getters are named after PgBouncer's settings in camelCase ({@code default_pool_size} is {@link
 * #defaultPoolSize()}); time settings are {@link Duration}s, and for those PgBouncer documents so, {@link
 * Duration#ZERO} means disabled.
 *
 * <p>The file syntax is PgBouncer's: sections {@code [databases]}, {@code [users]}, {@code [pgbouncer]} (also
 * accepted as {@code [berth]}) and {@code [peers]} (ignored); whole-line comments starting with {@code ;} or
 * {@code #}; {@code key = value} with the value running to the end of the line, unquoted; {@code %include
 * file}. Where Berth deviates, it reads more, never less: setting names are case-insensitive, times take units
 * ({@code 500ms}, {@code 5min}), booleans take yes/no, on/off, true/false, and a relative {@code %include} or
 * file setting is resolved against the directory of the file that names it (PgBouncer: the working
 * directory).
 *
 * <p>An unknown setting is a warning ({@link #warnings()}); a PgBouncer setting Berth does not implement is
 * read, checked like PgBouncer checks it, and reported as ignored. A bad value is a {@link ConfigException}
 * naming {@code file:line}, the setting, the value and the allowed range; from the {@link ProxyConfigBuilder}, the same
 * check throws {@link IllegalArgumentException}. Nothing is clamped.
 */
public final class ProxyConfig {
    private final Map<Setting<?>, Object> values;
    private final Map<String, DatabaseConfig> databases;
    private final Map<String, UserConfig> users;
    private final List<String> warnings;
    private final Path source;
    private final ProxyConfigBuilder origin;

    ProxyConfig(ProxyConfigBuilder b, List<String> warnings) {
        this.values = Collections.unmodifiableMap(new HashMap<>(b.values));
        this.databases = Collections.unmodifiableMap(new LinkedHashMap<>(b.databases));
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(b.users));
        this.warnings = List.copyOf(warnings);
        this.source = b.source;
        this.origin = new ProxyConfigBuilder(b);
    }

    /**
     * Reads a {@code pgbouncer.ini}, its {@code %include}s, and nothing else: the {@code auth_file} is read by
     * {@link AuthFile#load(Path)} when the proxy needs it.
     */
    public static ProxyConfig load(Path iniFile) throws ConfigException {
        return IniParser.load(iniFile);
    }

    /**
     * Reads config text; {@code baseDir} resolves relative file settings and {@code %include}s (null: the
     * working directory). Messages call the text {@code <text>}.
     */
    public static ProxyConfig parse(String text, Path baseDir) throws ConfigException {
        return IniParser.parse(text, baseDir);
    }

    /** A builder holding PgBouncer's defaults. */
    public static ProxyConfigBuilder custom() {
        return new ProxyConfigBuilder();
    }

    /** A builder holding {@code base}'s values, databases and users. */
    public static ProxyConfigBuilder from(ProxyConfig base) {
        return new ProxyConfigBuilder(base.origin);
    }

    /** Same as {@link #from(ProxyConfig) from(this)}. */
    public ProxyConfigBuilder toBuilder() {
        return from(this);
    }

    /** The file this was loaded from, or null when it was parsed from text or built in code. */
    public Path source() {
        return source;
    }

    /**
     * What the reader noticed but went on: unknown settings, PgBouncer settings Berth ignores, values that
     * look like mistakes. Each starts with {@code file:line:} when it comes from a file.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** {@code [databases]} in file order, by the name clients ask for; includes the {@code *} entry if any. */
    public Map<String, DatabaseConfig> databases() {
        return databases;
    }

    /**
     * The entry for {@code name}: its own, or else the {@code *} fallback as {@code name} (so its {@code
     * dbname} is {@code name} unless {@code *} sets one), or empty.
     */
    public Optional<DatabaseConfig> database(String name) {
        DatabaseConfig db = databases.get(name);
        if (db != null) {
            return Optional.of(db);
        }
        DatabaseConfig fallback = databases.get("*");
        if (fallback == null || name.equals("pgbouncer")) {
            return Optional.empty();
        }
        try {
            return Optional.of(fallback.renamed(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a name no config line could hold (empty, or with a line break)
        }
    }

    /** {@code [users]} in file order. */
    public Map<String, UserConfig> users() {
        return users;
    }

    public Optional<UserConfig> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /** The pool mode for {@code user} on {@code db}: the user's, else the database's, else {@link #poolMode()}. */
    public PoolMode poolMode(DatabaseConfig db, String user) {
        UserConfig u = users.get(user);
        if (u != null && u.poolMode().isPresent()) {
            return u.poolMode().get();
        }
        return db.poolMode(this);
    }

    /** The pool size for {@code user} on {@code db}: the user's, else the database's, else the default. */
    public int poolSize(DatabaseConfig db, String user) {
        UserConfig u = users.get(user);
        return u != null && u.poolSize().isPresent() ? u.poolSize().getAsInt() : db.poolSize(this);
    }

    /** The reserve pool size for {@code user} on {@code db}: the user's, else the database's, else global. */
    public int reservePoolSize(DatabaseConfig db, String user) {
        UserConfig u = users.get(user);
        return u != null && u.reservePoolSize().isPresent()
                ? u.reservePoolSize().getAsInt()
                : db.reservePoolSize(this);
    }

    /**
     * Every setting PgBouncer knows, plus Berth's, alphabetically as PgBouncer's {@code SHOW CONFIG} lists
     * them: key, value and default as text, and whether PgBouncer lets {@code RELOAD} change it.
     */
    public List<ConfigSetting> describe() {
        List<ConfigSetting> rows = new ArrayList<>();
        for (Setting<?> s : BY_NAME.values()) {
            String value = s.show(values.get(s));
            if (s.name().equals("conffile") && source != null) {
                value = source.toString();
            }
            rows.add(new ConfigSetting(s.name(), value, s.showDefault(), s.changeable()));
        }
        return List.copyOf(rows);
    }

    // ---- [pgbouncer] settings, alphabetically ----

    /** Berth's HTTP admin listener (metrics, health, dashboard), {@code host:port}; empty means off. */
    public Optional<InetSocketAddress> adminHttpAddr() {
        String s = get(ADMIN_HTTP_ADDR);
        return s.isEmpty() ? Optional.empty() : Optional.of(Values.parseListenAddress(s));
    }

    /**
     * Berth's bearer token for the HTTP admin listener: when set, {@code /api/*} and {@code /metrics}
     * need {@code Authorization: Bearer <token>} (or HTTP basic auth as an admin user); empty means no
     * token. Required, or an admin user with a plain password, when {@link #adminHttpAddr()} is not
     * a loopback address.
     */
    public Optional<String> adminHttpToken() {
        String s = get(ADMIN_HTTP_TOKEN);
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** Users allowed to run every admin console command. */
    public List<String> adminUsers() {
        return get(ADMIN_USERS);
    }

    /** Append the client's address and port to {@code application_name} at connect. Default false. */
    public boolean applicationNameAddHost() {
        return get(APPLICATION_NAME_ADD_HOST);
    }

    /** The userlist file ({@link AuthFile}). */
    public Optional<Path> authFile() {
        return get(AUTH_FILE);
    }

    /** Read but not used: Berth has no {@code hba} auth type, so setting it draws a warning. */
    public Optional<Path> authHbaFile() {
        return get(AUTH_HBA_FILE);
    }

    /** Looks up a user's secret through {@link #authUser()} when the user is not in {@code auth_file}. */
    public String authQuery() {
        return get(AUTH_QUERY);
    }

    /** How clients authenticate. Default {@link AuthType#MD5}. */
    public AuthType authType() {
        return get(AUTH_TYPE);
    }

    /** The user that runs {@link #authQuery()}. */
    public Optional<String> authUser() {
        String s = get(AUTH_USER);
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** Pools made through the {@code *} entry are dropped after this long unused. Default 1 h. */
    public Duration autodbIdleTimeout() {
        return get(AUTODB_IDLE_TIMEOUT);
    }

    /** Clients idle longer are disconnected; ZERO disables. Default ZERO. */
    public Duration clientIdleTimeout() {
        return get(CLIENT_IDLE_TIMEOUT);
    }

    /** Clients that have not logged in within this are disconnected; ZERO disables. Default 60 s. */
    public Duration clientLoginTimeout() {
        return get(CLIENT_LOGIN_TIMEOUT);
    }

    public Optional<Path> clientTlsCaFile() {
        return get(CLIENT_TLS_CA_FILE);
    }

    public Optional<Path> clientTlsCertFile() {
        return get(CLIENT_TLS_CERT_FILE);
    }

    /** OpenSSL cipher list or one of PgBouncer's shortcuts ({@code default}, {@code secure}, ...). */
    public String clientTlsCiphers() {
        return get(CLIENT_TLS_CIPHERS);
    }

    public Optional<Path> clientTlsKeyFile() {
        return get(CLIENT_TLS_KEY_FILE);
    }

    /** Allowed TLS versions for clients as JDK protocol names, e.g. {@code [TLSv1.2, TLSv1.3]} (secure). */
    public Set<String> clientTlsProtocols() {
        return Collections.unmodifiableSet(Values.tlsProtocols(get(CLIENT_TLS_PROTOCOLS)));
    }

    /** TLS towards clients. Default {@link SslMode#DISABLE}. */
    public SslMode clientTlsSslmode() {
        return get(CLIENT_TLS_SSLMODE);
    }

    /** Server connections per user/database pair, unless the database or user says otherwise. Default 20. */
    public int defaultPoolSize() {
        return get(DEFAULT_POOL_SIZE);
    }

    /** Clients idle in a transaction longer are disconnected; ZERO disables. Default ZERO. */
    public Duration idleTransactionTimeout() {
        return get(IDLE_TRANSACTION_TIMEOUT);
    }

    /** Startup parameters accepted from clients and not tracked. */
    public List<String> ignoreStartupParameters() {
        return get(IGNORE_STARTUP_PARAMETERS);
    }

    /** TCP addresses to listen on; {@code *} means all. Empty (the default) means no TCP listener. */
    public List<String> listenAddr() {
        return get(LISTEN_ADDR);
    }

    /** Backlog of the listening sockets. Default 128. */
    public int listenBacklog() {
        return get(LISTEN_BACKLOG);
    }

    /** Port for TCP and the Unix socket; 0 picks a free TCP port. Default 6432. */
    public int listenPort() {
        return get(LISTEN_PORT);
    }

    /** Log each successful login. Default true. */
    public boolean logConnections() {
        return get(LOG_CONNECTIONS);
    }

    /** Log each disconnection and why. Default true. */
    public boolean logDisconnections() {
        return get(LOG_DISCONNECTIONS);
    }

    /** Log the errors sent to clients. Default true. */
    public boolean logPoolerErrors() {
        return get(LOG_POOLER_ERRORS);
    }

    public Optional<Path> logfile() {
        return get(LOGFILE);
    }

    /** Most client connections at once. Default 100. */
    public int maxClientConn() {
        return get(MAX_CLIENT_CONN);
    }

    /** Most server connections per database over all users; 0 means unlimited. Default 0. */
    public int maxDbConnections() {
        return get(MAX_DB_CONNECTIONS);
    }

    /** Largest protocol message passed through, in bytes. Default 2147483647. */
    public long maxPacketSize() {
        return get(MAX_PACKET_SIZE);
    }

    /** Prepared statements tracked per connection in transaction/statement mode; 0 disables. Default 200. */
    /** session_features: {@code true} to pin clients that use session-only features, false to refuse them. */
    public boolean pinSessionFeatures() {
        return get(SESSION_FEATURES).equals("pin");
    }

    /** trace_transactions (Berth's): a span per proxied transaction. Default false. */
    public boolean traceTransactions() {
        return get(TRACE_TRANSACTIONS);
    }

    /** log_format (Berth's): lifecycle logs as JSON lines instead of key=value text. Default false. */
    public boolean jsonLogs() {
        return get(LOG_FORMAT).equals("json");
    }

    /** track_extra_parameters: settings followed per client besides the reported ones, in lower case. */
    public List<String> trackExtraParameters() {
        return get(TRACK_EXTRA_PARAMETERS).stream()
                .map(n -> n.toLowerCase(java.util.Locale.ROOT))
                .toList();
    }

    public int maxPreparedStatements() {
        return get(MAX_PREPARED_STATEMENTS);
    }

    /** Most server connections per user over all databases; 0 means unlimited. Default 0. */
    public int maxUserConnections() {
        return get(MAX_USER_CONNECTIONS);
    }

    /** Most client connections to one database over all users; 0 means unlimited. */
    public int maxDbClientConnections() {
        return get(MAX_DB_CLIENT_CONNECTIONS);
    }

    /** Most client connections as one user over all databases; 0 means unlimited. */
    public int maxUserClientConnections() {
        return get(MAX_USER_CLIENT_CONNECTIONS);
    }

    /** {@code db}'s max_db_client_connections, or else the global one; 0 means unlimited. */
    public int maxDbClientConnections(DatabaseConfig db) {
        return db.overrides().maxClientConnections().orElse(maxDbClientConnections());
    }

    /** {@code user}'s max_user_client_connections, or else the global one; 0 means unlimited. */
    public int maxUserClientConnections(String user) {
        UserConfig u = users.get(user);
        return u != null && u.overrides().maxClientConnections().isPresent()
                ? u.overrides().maxClientConnections().getAsInt()
                : maxUserClientConnections();
    }

    /**
     * A time setting (query_timeout, query_wait_timeout, idle_transaction_timeout,
     * transaction_timeout, client_idle_timeout, server_lifetime) for {@code user} on {@code db}:
     * the user's entry, else the database's, else {@code global}.
     */
    public Duration time(String setting, DatabaseConfig db, String user, Duration global) {
        UserConfig u = users.get(user);
        if (u != null && u.overrides().time(setting).isPresent()) {
            return u.overrides().time(setting).get();
        }
        return db.overrides().time(setting).orElse(global);
    }

    /** Server connections kept open per pool. Default 0. */
    public int minPoolSize() {
        return get(MIN_POOL_SIZE);
    }

    public Optional<Path> pidfile() {
        return get(PIDFILE);
    }

    /** Buffer size for packets, in bytes. Default 4096. */
    public int pktBuf() {
        return get(PKT_BUF);
    }

    /** When a server connection goes back to the pool. Default {@link PoolMode#SESSION}. */
    public PoolMode poolMode() {
        return get(POOL_MODE);
    }

    /** A query running longer is cancelled by closing its server connection; ZERO disables. Default ZERO. */
    /** so_reuseport: listen with SO_REUSEPORT, so a new process can take over the port while this one drains. */
    public boolean soReuseport() {
        return get(SO_REUSEPORT);
    }

    public Duration transactionTimeout() {
        return get(TRANSACTION_TIMEOUT);
    }

    public Duration queryTimeout() {
        return get(QUERY_TIMEOUT);
    }

    /** A client waiting longer for a server connection is disconnected; ZERO disables. Default 120 s. */
    public Duration queryWaitTimeout() {
        return get(QUERY_WAIT_TIMEOUT);
    }

    /** Extra connections per pool once a client waited {@link #reservePoolTimeout()}. Default 0. */
    public int reservePoolSize() {
        return get(RESERVE_POOL_SIZE);
    }

    /** How long a client waits before the reserve pool is used; ZERO disables. Default 5 s. */
    public Duration reservePoolTimeout() {
        return get(RESERVE_POOL_TIMEOUT);
    }

    /** A connection used more recently than this is lent without {@link #serverCheckQuery()}. Default 30 s. */
    public Duration serverCheckDelay() {
        return get(SERVER_CHECK_DELAY);
    }

    /**
     * The liveness query run on an idle server connection before lending it; empty when checks are disabled
     * (an empty setting). PgBouncer's {@code <empty>} gives {@code ""}: send an empty query. Default {@code
     * select 1}.
     */
    public Optional<String> serverCheckQuery() {
        String s = get(SERVER_CHECK_QUERY).strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(s.equals("<empty>") ? "" : s);
    }

    /** Connecting and logging in to a server must finish within this; ZERO disables. Default 15 s. */
    public Duration serverConnectTimeout() {
        return get(SERVER_CONNECT_TIMEOUT);
    }

    /** Server connections idle longer are closed; ZERO disables. Default 600 s. */
    public Duration serverIdleTimeout() {
        return get(SERVER_IDLE_TIMEOUT);
    }

    /** Unused server connections older than this are closed; ZERO means use each once. Default 3600 s. */
    public Duration serverLifetime() {
        return get(SERVER_LIFETIME);
    }

    /** After a failed server login, wait this long before trying again. Default 15 s. */
    public Duration serverLoginRetry() {
        return get(SERVER_LOGIN_RETRY);
    }

    /** Run on a server connection when a client gives it back; empty when none. Default {@code DISCARD ALL}. */
    public Optional<String> serverResetQuery() {
        String s = get(SERVER_RESET_QUERY).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** Run {@link #serverResetQuery()} in every pool mode, not only session. Default false. */
    public boolean serverResetQueryAlways() {
        return get(SERVER_RESET_QUERY_ALWAYS);
    }

    /** Reuse server connections round-robin instead of last-in first-out. Default false. */
    public boolean serverRoundRobin() {
        return get(SERVER_ROUND_ROBIN);
    }

    public Optional<Path> serverTlsCaFile() {
        return get(SERVER_TLS_CA_FILE);
    }

    public Optional<Path> serverTlsCertFile() {
        return get(SERVER_TLS_CERT_FILE);
    }

    public String serverTlsCiphers() {
        return get(SERVER_TLS_CIPHERS);
    }

    public Optional<Path> serverTlsKeyFile() {
        return get(SERVER_TLS_KEY_FILE);
    }

    /** Allowed TLS versions for servers as JDK protocol names. */
    public Set<String> serverTlsProtocols() {
        return Collections.unmodifiableSet(Values.tlsProtocols(get(SERVER_TLS_PROTOCOLS)));
    }

    /** TLS towards servers. Default {@link SslMode#PREFER}, as PgBouncer since 1.20. */
    public SslMode serverTlsSslmode() {
        return get(SERVER_TLS_SSLMODE);
    }

    /** How often averages are computed and stats logged. Default 60 s. */
    public Duration statsPeriod() {
        return get(STATS_PERIOD);
    }

    /** Users allowed to run the admin console's read-only commands. */
    public List<String> statsUsers() {
        return get(STATS_USERS);
    }

    /** Turn on TCP keepalive with the OS's timings. Default true. */
    public boolean tcpKeepalive() {
        return get(TCP_KEEPALIVE);
    }

    /** Directory of the Unix socket; empty when Unix sockets are off; {@code @name} is abstract. Default /tmp. */
    public Optional<String> unixSocketDir() {
        String s = get(UNIX_SOCKET_DIR).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** File mode of the Unix socket. Default 0777. */
    public int unixSocketMode() {
        return get(UNIX_SOCKET_MODE);
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> s) {
        return (T) values.get(s);
    }

    @Override
    public String toString() {
        return "ProxyConfig[source=" + source + ", listen=" + listenAddr() + ":" + listenPort() + ", poolMode="
                + poolMode() + ", authType=" + authType().configName() + ", databases=" + databases.keySet()
                + ", users=" + users.keySet() + "]";
    }
}
