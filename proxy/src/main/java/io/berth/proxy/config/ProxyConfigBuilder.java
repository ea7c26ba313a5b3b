package io.berth.proxy.config;

import static io.berth.proxy.config.SettingTable.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a {@link ProxyConfig} in code. Each setter checks its value at once and throws {@link
 * IllegalArgumentException} naming the setting, the value and the allowed range; {@link #build()} checks
 * the settings that depend on each other.
 */
public final class ProxyConfigBuilder {
    final Map<Setting<?>, Object> values = new HashMap<>();
    final Map<String, DatabaseConfig> databases = new LinkedHashMap<>();
    final Map<String, UserConfig> users = new LinkedHashMap<>();
    private final List<String> fileWarnings = new ArrayList<>();
    private final Map<String, String> locations = new HashMap<>();
    Path source;

    ProxyConfigBuilder() {
        for (Setting<?> s : BY_NAME.values()) {
            values.put(s, s.defaultValue());
        }
    }

    ProxyConfigBuilder(ProxyConfigBuilder base) {
        values.putAll(base.values);
        databases.putAll(base.databases);
        users.putAll(base.users);
        fileWarnings.addAll(base.fileWarnings);
        locations.putAll(base.locations);
        source = base.source;
    }

    /**
     * Sets any {@code [pgbouncer]} setting from its text, exactly as a config line would (for the admin
     * console's {@code SET}). Relative file names stay relative.
     *
     * @throws IllegalArgumentException for an unknown setting or a bad value
     */
    public ProxyConfigBuilder setting(String key, String value) {
        Setting<?> s = SettingTable.find(key)
                .orElseThrow(() -> new IllegalArgumentException("unknown setting \"" + key + "\""));
        setText(s, value, null);
        return this;
    }

    public ProxyConfigBuilder adminHttpAddr(String hostAndPort) {
        return set(ADMIN_HTTP_ADDR, Objects.requireNonNullElse(hostAndPort, "").strip());
    }

    /** The HTTP admin listener's bearer token; null or empty for none. At least 16 characters, no spaces. */
    public ProxyConfigBuilder adminHttpToken(String token) {
        return set(ADMIN_HTTP_TOKEN, Objects.requireNonNullElse(token, "").strip());
    }

    public ProxyConfigBuilder adminUsers(String... users) {
        return set(ADMIN_USERS, List.of(users));
    }

    public ProxyConfigBuilder applicationNameAddHost(boolean on) {
        return set(APPLICATION_NAME_ADD_HOST, on);
    }

    public ProxyConfigBuilder authFile(Path file) {
        return set(AUTH_FILE, Optional.ofNullable(file));
    }

    public ProxyConfigBuilder authHbaFile(Path file) {
        return set(AUTH_HBA_FILE, Optional.ofNullable(file));
    }

    public ProxyConfigBuilder authQuery(String query) {
        return set(AUTH_QUERY, query);
    }

    public ProxyConfigBuilder authType(AuthType type) {
        return set(AUTH_TYPE, type);
    }

    public ProxyConfigBuilder authUser(String user) {
        return set(AUTH_USER, Objects.requireNonNullElse(user, ""));
    }

    public ProxyConfigBuilder autodbIdleTimeout(Duration d) {
        return set(AUTODB_IDLE_TIMEOUT, d);
    }

    public ProxyConfigBuilder clientIdleTimeout(Duration d) {
        return set(CLIENT_IDLE_TIMEOUT, d);
    }

    public ProxyConfigBuilder clientLoginTimeout(Duration d) {
        return set(CLIENT_LOGIN_TIMEOUT, d);
    }

    public ProxyConfigBuilder clientTlsCaFile(Path file) {
        return set(CLIENT_TLS_CA_FILE, Optional.ofNullable(file));
    }

    public ProxyConfigBuilder clientTlsCertFile(Path file) {
        return set(CLIENT_TLS_CERT_FILE, Optional.ofNullable(file));
    }

    public ProxyConfigBuilder clientTlsCiphers(String ciphers) {
        return set(CLIENT_TLS_CIPHERS, ciphers);
    }

    public ProxyConfigBuilder clientTlsKeyFile(Path file) {
        return set(CLIENT_TLS_KEY_FILE, Optional.ofNullable(file));
    }

    /** PgBouncer's syntax, e.g. {@code secure} or {@code tlsv1.2,tlsv1.3}. */
    public ProxyConfigBuilder clientTlsProtocols(String protocols) {
        return set(CLIENT_TLS_PROTOCOLS, protocols);
    }

    public ProxyConfigBuilder clientTlsSslmode(SslMode mode) {
        return set(CLIENT_TLS_SSLMODE, mode);
    }

    public ProxyConfigBuilder defaultPoolSize(int size) {
        return set(DEFAULT_POOL_SIZE, size);
    }

    public ProxyConfigBuilder idleTransactionTimeout(Duration d) {
        return set(IDLE_TRANSACTION_TIMEOUT, d);
    }

    public ProxyConfigBuilder ignoreStartupParameters(String... names) {
        return set(IGNORE_STARTUP_PARAMETERS, List.of(names));
    }

    public ProxyConfigBuilder listenAddr(String... addresses) {
        return set(LISTEN_ADDR, List.of(addresses));
    }

    public ProxyConfigBuilder listenBacklog(int backlog) {
        return set(LISTEN_BACKLOG, backlog);
    }

    public ProxyConfigBuilder listenPort(int port) {
        return set(LISTEN_PORT, port);
    }

    public ProxyConfigBuilder logConnections(boolean on) {
        return set(LOG_CONNECTIONS, on);
    }

    public ProxyConfigBuilder logDisconnections(boolean on) {
        return set(LOG_DISCONNECTIONS, on);
    }

    public ProxyConfigBuilder logPoolerErrors(boolean on) {
        return set(LOG_POOLER_ERRORS, on);
    }

    public ProxyConfigBuilder logfile(Path file) {
        return set(LOGFILE, Optional.ofNullable(file));
    }

    public ProxyConfigBuilder maxClientConn(int max) {
        return set(MAX_CLIENT_CONN, max);
    }

    public ProxyConfigBuilder maxDbConnections(int max) {
        return set(MAX_DB_CONNECTIONS, max);
    }

    public ProxyConfigBuilder maxPacketSize(long bytes) {
        return set(MAX_PACKET_SIZE, bytes);
    }

    /** session_features: pin (the default) or refuse. */
    public ProxyConfigBuilder sessionFeatures(String pinOrRefuse) {
        return set(SESSION_FEATURES, Objects.requireNonNull(pinOrRefuse).strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** trace_transactions (Berth's): a span per proxied transaction. */
    public ProxyConfigBuilder traceTransactions(boolean on) {
        return set(TRACE_TRANSACTIONS, on);
    }

    /** log_format (Berth's): text (the default) or json. */
    public ProxyConfigBuilder logFormat(String textOrJson) {
        return set(LOG_FORMAT, Objects.requireNonNull(textOrJson).strip().toLowerCase(java.util.Locale.ROOT));
    }

    public ProxyConfigBuilder trackExtraParameters(List<String> names) {
        return set(TRACK_EXTRA_PARAMETERS, List.copyOf(names));
    }

    public ProxyConfigBuilder soReuseport(boolean on) {
        return set(SO_REUSEPORT, on);
    }

    public ProxyConfigBuilder maxPreparedStatements(int max) {
        return set(MAX_PREPARED_STATEMENTS, max);
    }

    public ProxyConfigBuilder maxUserConnections(int max) {
        return set(MAX_USER_CONNECTIONS, max);
    }

    public ProxyConfigBuilder minPoolSize(int size) {
        return set(MIN_POOL_SIZE, size);
    }

    public ProxyConfigBuilder pidfile(Path file) {
        return set(PIDFILE, Optional.ofNullable(file));
    }

    public ProxyConfigBuilder pktBuf(int bytes) {
        return set(PKT_BUF, bytes);
    }

    public ProxyConfigBuilder poolMode(PoolMode mode) {
        return set(POOL_MODE, mode);
    }

    public ProxyConfigBuilder queryTimeout(Duration d) {
        return set(QUERY_TIMEOUT, d);
    }

    public ProxyConfigBuilder queryWaitTimeout(Duration d) {
        return set(QUERY_WAIT_TIMEOUT, d);
    }

    public ProxyConfigBuilder reservePoolSize(int size) {
        return set(RESERVE_POOL_SIZE, size);
    }

    public ProxyConfigBuilder reservePoolTimeout(Duration d) {
        return set(RESERVE_POOL_TIMEOUT, d);
    }

    public ProxyConfigBuilder serverCheckDelay(Duration d) {
        return set(SERVER_CHECK_DELAY, d);
    }

    /** Empty disables checks; {@code <empty>} sends an empty query. */
    public ProxyConfigBuilder serverCheckQuery(String query) {
        return set(SERVER_CHECK_QUERY, Objects.requireNonNullElse(query, ""));
    }

    public ProxyConfigBuilder serverConnectTimeout(Duration d) {
        return set(SERVER_CONNECT_TIMEOUT, d);
    }

    public ProxyConfigBuilder serverIdleTimeout(Duration d) {
        return set(SERVER_IDLE_TIMEOUT, d);
    }

    public ProxyConfigBuilder serverLifetime(Duration d) {
        return set(SERVER_LIFETIME, d);
    }

    public ProxyConfigBuilder serverLoginRetry(Duration d) {
        return set(SERVER_LOGIN_RETRY, d);
    }

    /** Empty for none. */
    public ProxyConfigBuilder serverResetQuery(String query) {
        return set(SERVER_RESET_QUERY, Objects.requireNonNullElse(query, ""));
    }

    public ProxyConfigBuilder serverResetQueryAlways(boolean on) {
        return set(SERVER_RESET_QUERY_ALWAYS, on);
    }

    public ProxyConfigBuilder serverRoundRobin(boolean on) {
        return set(SERVER_ROUND_ROBIN, on);
    }

    public ProxyConfigBuilder serverTlsCaFile(Path file) {
        return set(SERVER_TLS_CA_FILE, Optional.ofNullable(file));
    }

    public ProxyConfigBuilder serverTlsCertFile(Path file) {
        return set(SERVER_TLS_CERT_FILE, Optional.ofNullable(file));
    }

    public ProxyConfigBuilder serverTlsCiphers(String ciphers) {
        return set(SERVER_TLS_CIPHERS, ciphers);
    }

    public ProxyConfigBuilder serverTlsKeyFile(Path file) {
        return set(SERVER_TLS_KEY_FILE, Optional.ofNullable(file));
    }

    public ProxyConfigBuilder serverTlsProtocols(String protocols) {
        return set(SERVER_TLS_PROTOCOLS, protocols);
    }

    public ProxyConfigBuilder serverTlsSslmode(SslMode mode) {
        return set(SERVER_TLS_SSLMODE, mode);
    }

    public ProxyConfigBuilder statsPeriod(Duration d) {
        return set(STATS_PERIOD, d);
    }

    public ProxyConfigBuilder statsUsers(String... users) {
        return set(STATS_USERS, List.of(users));
    }

    public ProxyConfigBuilder tcpKeepalive(boolean on) {
        return set(TCP_KEEPALIVE, on);
    }

    /** Empty turns Unix sockets off. */
    public ProxyConfigBuilder unixSocketDir(String dir) {
        return set(UNIX_SOCKET_DIR, Objects.requireNonNullElse(dir, ""));
    }

    public ProxyConfigBuilder unixSocketMode(int mode) {
        return set(UNIX_SOCKET_MODE, mode);
    }

    /** Adds a {@code [databases]} entry, or replaces the one of the same name in its place. */
    public ProxyConfigBuilder database(DatabaseConfig db) {
        databases.put(db.name(), db);
        return this;
    }

    /** Adds a {@code [users]} entry, or replaces the one of the same name. */
    public ProxyConfigBuilder user(UserConfig user) {
        users.put(user.name(), user);
        return this;
    }

    /**
     * Checks the settings that depend on each other and builds the config.
     *
     * @throws IllegalArgumentException naming the setting and what it needs
     */
    public ProxyConfig build() {
        Checks checks = new Checks(values, databases, locations);
        checks.auth();
        checks.tls();
        List<String> warnings = new ArrayList<>(fileWarnings);
        checks.warnings(warnings);
        return new ProxyConfig(this, warnings);
    }

    // ---- for IniParser ----

    /** Sets a setting from config text; relative file names resolve against {@code baseDir} if not null. */
    void setText(Setting<?> s, String text, Path baseDir) {
        values.put(s, s.parse(text, baseDir));
    }

    void source(Path file) {
        this.source = file;
    }

    void located(String key, String where) {
        locations.put(key, where);
    }

    String locationOf(String key) {
        return locations.get(key);
    }

    void warn(String warning) {
        fileWarnings.add(warning);
    }

    private <T> ProxyConfigBuilder set(Setting<T> s, T value) {
        values.put(s, s.check(value));
        return this;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> s) {
        return (T) values.get(s);
    }
}
