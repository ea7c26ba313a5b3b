package io.berth.jdbc;

import io.berth.pool.Pool;
import io.berth.pool.PoolStats;
import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} on Berth's pool engine that takes HikariCP's settings as they are.
 *
 * <p>Build it from a {@link BerthConfig} (started at once), from HikariCP-named {@link Properties},
 * or with the no-argument constructor and bean setters (as Spring Boot's {@code DataSourceBuilder}
 * does), in which case the pool starts on the first {@link #getConnection()}.
 *
 * <p>While the database is down the pool's breaker opens and {@link #getConnection()} throws
 * {@link SQLTransientConnectionException} within milliseconds, with the last connection error as
 * its cause, instead of making every caller wait out {@code connectionTimeout}.
 *
 * <p>With a {@code metricRegistry} (a Micrometer {@code MeterRegistry}) the pool's meters are bound
 * to it at start and removed at close, under OpenTelemetry's names and, with {@code
 * hikariMetricNames}, HikariCP's as well.
 *
 * <p>With {@code replicaUrls}, {@link #readOnly()} is a second DataSource whose read-only
 * connections come from the read replicas, and from this data source's pool while none is healthy.
 */
public class BerthDataSource implements DataSource, Closeable {
    private final ReentrantLock startLock = new ReentrantLock();
    private final BerthConfig.Builder settings;
    private volatile Running running;
    private volatile BerthConfig config;
    private volatile boolean closed;
    private volatile Supplier<Credentials> credentials;
    private PrintWriter logWriter;

    /** A data source configured through setters; it starts on first use. */
    public BerthDataSource() {
        this.settings = BerthConfig.custom();
    }

    /** A data source from HikariCP-named properties; it starts on first use. */
    public BerthDataSource(Properties properties) {
        this(BerthConfig.fromProperties(properties), false);
    }

    /** A data source that starts now and fails at once if {@code initializationFailTimeout} allows. */
    public BerthDataSource(BerthConfig config) {
        this(config, true);
    }

    /**
     * A data source that starts now and asks {@code credentials} for the username and password of
     * every new connection (see {@link #rotateCredentials()}).
     */
    public BerthDataSource(BerthConfig config, Supplier<Credentials> credentials) {
        this.settings = BerthConfig.from(config);
        this.config = config;
        this.credentials = credentials;
        start();
    }

    private BerthDataSource(BerthConfig config, boolean startNow) {
        this.settings = BerthConfig.from(config);
        this.config = config;
        if (startNow) {
            start();
        }
    }

    private Running start() {
        Running r = running;
        if (r != null) {
            return r;
        }
        startLock.lock();
        try {
            if (running == null) {
                if (closed) {
                    throw new IllegalStateException("data source '" + name() + "' is closed");
                }
                BerthConfig c = config != null ? config : settings.build();
                config = c;
                running = Running.start(c, credentials);
            }
            return running;
        } finally {
            startLock.unlock();
        }
    }

    private String name() {
        BerthConfig c = config;
        return c != null ? c.poolName() : "berth-jdbc";
    }

    @Override
    public Connection getConnection() throws SQLException {
        Running r = closed ? null : start();
        if (r == null) {
            throw new SQLException("data source '" + name() + "' is closed", "08003");
        }
        return Running.borrow(r.pool, r.config.connectionTimeout());
    }

    /**
     * The read-only view of this data source, for queries that may read slightly stale data: its
     * connections are read-only and come from the read replicas in {@code replicaUrls}, a pool per
     * replica with this data source's limits, spread by power-of-two-choices on connections lent. A
     * replica that fails to open a connection is ejected for 1 s, doubling to 60 s while it keeps
     * failing, and its waiting borrowers move on to another replica; while no replica is healthy (or
     * none is configured) the connections come from this data source's pool, set read-only until
     * returned. It shares this data source's connectionTimeout and closes with it. The same view
     * every call.
     */
    public DataSource readOnly() {
        return start().replicas;
    }

    /** Each read replica's state (healthy or ejected, connections lent and open), in the order of replicaUrls. */
    public List<ReplicaState> replicas() {
        Running r = running;
        return r == null ? List.of() : r.replicas.status();
    }

    /** Not supported: credentials come from the configuration (as in HikariCP). */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "getConnection(username, password) is not supported; configure username and password instead");
    }

    /** The pool's counts (total, idle, leased, waiting), or zeros before it starts. */
    public PoolStats stats() {
        Running r = running;
        return r == null ? new PoolStats(0, 0, 0, 0, 0, 0, 0) : r.pool.stats();
    }

    /** The underlying engine of the primary, for resizing, pausing, evicting and listeners. */
    public Pool<?> pool() {
        return start().pool;
    }

    /** Changes the primary's pool size while in use (HikariCP: setMaximumPoolSize at runtime). */
    public void resize(int minimumIdle, int maximumPoolSize) {
        start().pool.resize(minimumIdle, maximumPoolSize);
    }

    /** Closes idle connections (the replicas' too) now and in-use ones when they are returned. */
    public void softEvictConnections() {
        start().evictAll();
    }

    /**
     * Asks {@code supplier} for the username and password of every new connection (instead of the
     * configured ones), so a secret store can rotate them. Set it before the first connection.
     */
    public void setCredentialsSupplier(Supplier<Credentials> supplier) {
        if (running != null) {
            throw new IllegalStateException("the credentials supplier must be set before the pool starts");
        }
        this.credentials = supplier;
    }

    /**
     * After the credentials changed: new connections use the new ones at once, idle connections
     * are closed now and in-use ones when returned, so nothing fails and nothing waits.
     */
    public void rotateCredentials() {
        Running r = running;
        if (r != null) {
            r.evictAll();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        startLock.lock();
        try {
            if (running != null) {
                running.close();
            }
        } finally {
            startLock.unlock();
        }
    }

    // ---- HikariCP-named bean setters (before the first getConnection) ---------------------------

    private void configure(String name, String value) {
        beforeStart(name);
        settings.set(name, value);
        config = null;
    }

    private void beforeStart(String name) {
        if (running != null) {
            throw new IllegalStateException(name + " cannot be changed after the pool started; use resize() for sizes");
        }
    }

    public void setJdbcUrl(String url) {
        configure("jdbcUrl", url);
    }

    /** Spring Boot's name for {@link #setJdbcUrl}. */
    public void setUrl(String url) {
        setJdbcUrl(url);
    }

    public String getUrl() {
        return getJdbcUrl();
    }

    public String getJdbcUrl() {
        return current().jdbcUrl();
    }

    public String getUsername() {
        return current().username();
    }

    public String getPassword() {
        return current().password();
    }

    public String getDriverClassName() {
        return current().driverClassName();
    }

    /** The settings as they stand: the started pool's, or those set so far (unvalidated). */
    private BerthConfig current() {
        BerthConfig c = config;
        return c != null ? c : settings.buildUnchecked();
    }

    public void setUsername(String username) {
        configure("username", username);
    }

    public void setPassword(String password) {
        configure("password", password);
    }

    public void setDriverClassName(String name) {
        configure("driverClassName", name);
    }

    public void setDataSourceClassName(String name) {
        configure("dataSourceClassName", name);
    }

    public void addDataSourceProperty(String name, Object value) {
        configure("dataSource." + name, String.valueOf(value));
    }

    public void setDataSourceProperties(Properties properties) {
        properties.forEach((k, v) -> addDataSourceProperty(k.toString(), v));
    }

    public void setMaximumPoolSize(int n) {
        configure("maximumPoolSize", Integer.toString(n));
    }

    public void setMinimumIdle(int n) {
        configure("minimumIdle", Integer.toString(n));
    }

    public void setConnectionTimeout(long millis) {
        configure("connectionTimeout", Long.toString(millis));
    }

    public void setIdleTimeout(long millis) {
        configure("idleTimeout", Long.toString(millis));
    }

    public void setMaxLifetime(long millis) {
        configure("maxLifetime", Long.toString(millis));
    }

    public void setKeepaliveTime(long millis) {
        configure("keepaliveTime", Long.toString(millis));
    }

    public void setValidationTimeout(long millis) {
        configure("validationTimeout", Long.toString(millis));
    }

    public void setLeakDetectionThreshold(long millis) {
        configure("leakDetectionThreshold", Long.toString(millis));
    }

    public void setInitializationFailTimeout(long millis) {
        configure("initializationFailTimeout", Long.toString(millis));
    }

    public void setConnectionTestQuery(String sql) {
        configure("connectionTestQuery", sql);
    }

    public void setConnectionInitSql(String sql) {
        configure("connectionInitSql", sql);
    }

    public void setAutoCommit(boolean autoCommit) {
        configure("autoCommit", Boolean.toString(autoCommit));
    }

    public void setReadOnly(boolean readOnly) {
        configure("readOnly", Boolean.toString(readOnly));
    }

    public void setTransactionIsolation(String name) {
        configure("transactionIsolation", name);
    }

    public void setCatalog(String catalog) {
        configure("catalog", catalog);
    }

    public void setSchema(String schema) {
        configure("schema", schema);
    }

    public void setPoolName(String name) {
        configure("poolName", name);
    }

    public void setRegisterMbeans(boolean register) {
        configure("registerMbeans", Boolean.toString(register));
    }

    public void setAllowPoolSuspension(boolean allow) {
        configure("allowPoolSuspension", Boolean.toString(allow));
    }

    /** HikariCP's setter: a Micrometer {@code MeterRegistry} (see {@link BerthConfig.Builder#metricRegistry}). */
    public void setMetricRegistry(Object registry) {
        beforeStart("metricRegistry");
        settings.metricRegistry(registry);
        config = null;
    }

    public Object getMetricRegistry() {
        return current().metricRegistry();
    }

    public void setHikariMetricNames(boolean publish) {
        configure("hikariMetricNames", Boolean.toString(publish));
    }

    /** Read replicas of jdbcUrl for {@link #readOnly()} (see {@link BerthConfig.Builder#replicaUrls}). */
    public void setReplicaUrls(List<String> urls) {
        beforeStart("replicaUrls");
        settings.replicaUrls(urls);
        config = null;
    }

    public List<String> getReplicaUrls() {
        return current().replicaUrls();
    }

    // ---- DataSource plumbing -----------------------------------------------------------------

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        setConnectionTimeout(seconds * 1000L);
    }

    @Override
    public int getLoginTimeout() {
        BerthConfig c = config != null ? config : settings.build();
        return (int) c.connectionTimeout().toSeconds();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Berth logs through slf4j");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("BerthDataSource does not wrap a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "BerthDataSource[" + (config != null ? config : "not started") + "]";
    }
}
