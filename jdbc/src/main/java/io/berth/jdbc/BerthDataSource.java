package io.berth.jdbc;

import io.berth.jdbc.internal.JdbcConnector;
import io.berth.jdbc.internal.MeterBinding;
import io.berth.jdbc.internal.PoolMXBean;
import io.berth.jdbc.internal.PooledConnection;
import io.berth.jdbc.internal.ProxyConnection;
import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolClosedException;
import io.berth.pool.PoolConfig;
import io.berth.pool.PoolException;
import io.berth.pool.PoolStats;
import io.berth.pool.PoolUnavailableException;
import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
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
 */
public class BerthDataSource implements DataSource, Closeable {
    private final ReentrantLock startLock = new ReentrantLock();
    private final BerthConfig.Builder settings;
    private volatile Pool<PooledConnection> pool;
    private volatile BerthConfig config;
    private volatile boolean closed;
    private volatile Supplier<Credentials> credentials;
    private PoolMXBean mxBean;
    private MeterBinding meters;
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

    private Pool<PooledConnection> start() {
        Pool<PooledConnection> p = pool;
        if (p != null) {
            return p;
        }
        startLock.lock();
        try {
            if (pool == null) {
                if (closed) {
                    throw new IllegalStateException("data source '" + name() + "' is closed");
                }
                BerthConfig c = config != null ? config : settings.build();
                config = c;
                pool = Pool.create(poolConfig(c), newConnector(c, credentials));
                if (c.metricRegistry() != null) {
                    meters = bindMeters(c, pool);
                }
                awaitFirstConnection(c);
                if (c.registerMbeans()) {
                    mxBean = PoolMXBean.register(pool, c.poolName(), c.allowPoolSuspension());
                }
            }
            return pool;
        } finally {
            startLock.unlock();
        }
    }

    /** Loads the Micrometer glue only here, so that without a registry Micrometer is never needed. */
    private static MeterBinding bindMeters(BerthConfig c, Pool<?> p) {
        try {
            return MeterBinding.bind(c.metricRegistry(), p, c.hikariMetricNames());
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private static JdbcConnector newConnector(BerthConfig c, Supplier<Credentials> credentials) {
        try {
            return new JdbcConnector(c, credentials);
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static PoolConfig poolConfig(BerthConfig c) {
        return PoolConfig.custom()
                .name(c.poolName())
                .maxSize(c.maximumPoolSize())
                .minIdle(c.minimumIdle())
                .acquireTimeout(c.connectionTimeout())
                .idleTimeout(c.idleTimeout())
                .maxLifetime(c.maxLifetime())
                .keepaliveTime(c.keepaliveTime())
                .validationTimeout(c.validationTimeout())
                .leakDetectionThreshold(c.leakDetectionThreshold())
                .build();
    }

    /** HikariCP's initializationFailTimeout: wait for one connection, or fail the start. */
    private void awaitFirstConnection(BerthConfig c) {
        long millis = c.initializationFailTimeout();
        if (millis < 0) {
            return;
        }
        try {
            pool.acquire(Duration.ofMillis(
                            Math.max(millis, 1) + c.connectionTimeout().toMillis()))
                    .close();
        } catch (PoolException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Pool<PooledConnection> failed = pool;
            pool = null;
            if (meters != null) {
                meters.unbind();
                meters = null;
            }
            failed.close();
            throw new IllegalStateException(
                    "pool '" + c.poolName() + "' could not open a first connection to " + c.jdbcUrl()
                            + " (initializationFailTimeout=" + millis + " ms; set it to -1 to start anyway): "
                            + e.getMessage(),
                    e);
        }
    }

    private String name() {
        BerthConfig c = config;
        return c != null ? c.poolName() : "berth-jdbc";
    }

    @Override
    public Connection getConnection() throws SQLException {
        Pool<PooledConnection> p = closed ? null : start();
        if (p == null) {
            throw new SQLException("data source '" + name() + "' is closed", "08003");
        }
        try {
            Lease<PooledConnection> lease = p.acquire(config.connectionTimeout());
            return new ProxyConnection(lease, config.poolName());
        } catch (AcquireTimeoutException | PoolUnavailableException e) {
            throw new SQLTransientConnectionException(e.getMessage(), "08001", e.getCause() != null ? e.getCause() : e);
        } catch (PoolClosedException e) {
            throw new SQLException(e.getMessage(), "08003", e);
        } catch (PoolException e) {
            throw new SQLTransientConnectionException(e.getMessage(), "08001", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(
                    "interrupted while waiting for a connection from '" + config.poolName() + "'", "08001", e);
        }
    }

    /** Not supported: credentials come from the configuration (as in HikariCP). */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "getConnection(username, password) is not supported; configure username and password instead");
    }

    /** The pool's counts (total, idle, leased, waiting), or zeros before it starts. */
    public PoolStats stats() {
        Pool<PooledConnection> p = pool;
        return p == null ? new PoolStats(0, 0, 0, 0, 0, 0, 0) : p.stats();
    }

    /** The underlying engine, for resizing, pausing, evicting and listeners. */
    public Pool<?> pool() {
        return start();
    }

    /** Changes the pool size while in use (HikariCP: setMaximumPoolSize at runtime). */
    public void resize(int minimumIdle, int maximumPoolSize) {
        start().resize(minimumIdle, maximumPoolSize);
    }

    /** Closes idle connections now and in-use ones when they are returned. */
    public void softEvictConnections() {
        start().evictAll();
    }

    /**
     * Asks {@code supplier} for the username and password of every new connection (instead of the
     * configured ones), so a secret store can rotate them. Set it before the first connection.
     */
    public void setCredentialsSupplier(Supplier<Credentials> supplier) {
        if (pool != null) {
            throw new IllegalStateException("the credentials supplier must be set before the pool starts");
        }
        this.credentials = supplier;
    }

    /**
     * After the credentials changed: new connections use the new ones at once, idle connections
     * are closed now and in-use ones when returned, so nothing fails and nothing waits.
     */
    public void rotateCredentials() {
        Pool<PooledConnection> p = pool;
        if (p != null) {
            p.evictAll();
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
            if (mxBean != null) {
                mxBean.unregister();
                mxBean = null;
            }
            if (pool != null) {
                pool.close();
            }
            if (meters != null) {
                meters.unbind();
                meters = null;
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
        if (pool != null) {
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
