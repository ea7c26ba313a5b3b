package io.berth.benchmarks.jdbc;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.berth.jdbc.BerthConfig;
import io.berth.jdbc.BerthDataSource;
import io.berth.testkit.jdbc.StubDriver;
import java.beans.PropertyVetoException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.apache.tomcat.jdbc.pool.PooledConnection;
import org.vibur.dbcp.ViburDBCPDataSource;

/**
 * The JDBC pools of {@link JdbcCycleBenchmark}, each over the stub driver ({@code
 * jdbc:stub:bench}) and set up as HikariCP's own benchmark project sets it up ({@code
 * com.zaxxer.hikari.benchmark.BenchBase}: minimum idle 0, initial size 0, autoCommit=false, and
 * whatever validation on borrow it configures for that pool), with the connection timeout at 30 s
 * everywhere (HikariCP's project uses 8 s; it only matters when a pool fails to hand a connection
 * over in time, which then shows as an error instead of a number).
 *
 * <p>Pool names, as {@code @Param} values and command-line arguments: {@link #NAMES}.
 */
public final class JdbcPools {
    /** Every pool, in the order tables list them. */
    public static final List<String> NAMES = List.of("berth", "hikari", "agroal", "dbcp2", "vibur", "tomcat", "c3p0");

    static final String URL = StubDriver.PREFIX + "bench";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private JdbcPools() {}

    /** A started pool of {@code size} connections over the stub driver. */
    public static DataSource open(String name, int size) {
        return switch (name) {
            case "berth" -> berth(size);
            case "hikari" -> hikari(size);
            case "agroal" -> agroal(size);
            case "dbcp2" -> dbcp2(size);
            case "vibur" -> vibur(size);
            case "tomcat" -> tomcat(size);
            case "c3p0" -> c3p0(size);
            default -> throw new IllegalArgumentException("unknown pool '" + name + "'; known: " + NAMES);
        };
    }

    /** Closes a pool made by {@link #open}, and the helper threads it was given. */
    public static void close(DataSource ds) {
        switch (ds) {
            case BerthDataSource b -> b.close();
            case HikariDataSource h -> h.close();
            case AgroalDataSource a -> a.close();
            case BasicDataSource d -> {
                try {
                    d.close();
                } catch (SQLException e) {
                    throw new IllegalStateException("dbcp2 close: " + e.getMessage(), e);
                }
            }
            case ViburDBCPDataSource v -> {
                v.terminate();
                if (v.getNetworkTimeoutExecutor() instanceof ExecutorService e) {
                    e.shutdownNow(); // its threads are not daemons: a fork would not exit
                }
            }
            case org.apache.tomcat.jdbc.pool.DataSource t -> t.close(true);
            case ComboPooledDataSource c -> c.close();
            default -> throw new IllegalArgumentException("not a pool of JdbcPools: " + ds.getClass());
        }
    }

    /**
     * Berth: no {@code connectionTestQuery}; the engine checks a connection idle for more than 500
     * ms with {@code isValid} on borrow (its default, like HikariCP's {@code aliveBypassWindowMs}).
     */
    static BerthDataSource berth(int size) {
        return new BerthDataSource(BerthConfig.custom()
                .poolName("berth-bench")
                .jdbcUrl(URL)
                .driverClassName(StubDriver.class.getName())
                .maximumPoolSize(size)
                .minimumIdle(0)
                .autoCommit(false)
                .connectionTimeout(TIMEOUT)
                .registerMbeans(false)
                .build());
    }

    /** HikariCP: as in its project, plus {@code registerMbeans=false} (the default). */
    static HikariDataSource hikari(int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hikari-bench");
        config.setJdbcUrl(URL);
        config.setDriverClassName(StubDriver.class.getName());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setAutoCommit(false);
        config.setConnectionTimeout(TIMEOUT.toMillis());
        config.setRegisterMbeans(false);
        return new HikariDataSource(config);
    }

    /** Agroal (not in HikariCP's project): sizes, timeout, autoCommit; no validation configured. */
    static AgroalDataSource agroal(int size) {
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool.maxSize(size)
                            .minSize(0)
                            .initialSize(0)
                            .acquisitionTimeout(TIMEOUT)
                            .connectionFactoryConfiguration(factory ->
                                    factory.jdbcUrl(URL).autoCommit(false).connectionProviderClass(StubDriver.class))));
        } catch (SQLException e) {
            throw new IllegalStateException("agroal: " + e.getMessage(), e);
        }
    }

    /**
     * Apache DBCP2 {@link BasicDataSource}, as HikariCP's project: maxTotal = maxIdle = size,
     * rollbackOnReturn, no autoCommit on return, cacheState, testOnBorrow with no validation query
     * (so {@code isValid} on every borrow) and fastFailValidation.
     */
    static BasicDataSource dbcp2(int size) {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriverClassName(StubDriver.class.getName());
        ds.setUrl(URL);
        ds.setInitialSize(0);
        ds.setMinIdle(0);
        ds.setMaxIdle(size);
        ds.setMaxTotal(size);
        ds.setMaxWait(TIMEOUT);
        ds.setDefaultAutoCommit(false);
        ds.setRollbackOnReturn(true);
        ds.setAutoCommitOnReturn(false);
        ds.setTestOnBorrow(true);
        ds.setCacheState(true);
        ds.setFastFailValidation(true);
        return ds;
    }

    /**
     * Vibur DBCP, as HikariCP's project: a connection idle for more than 1 s is validated with
     * {@code isValid} on borrow, no pool reducer, network timeout on validation through a
     * one-thread executor, SQL warnings cleared and defaults reset after use; the pool is fair
     * (Vibur's default; the project no longer sets {@code poolFair}).
     */
    static ViburDBCPDataSource vibur(int size) {
        ViburDBCPDataSource vibur = new ViburDBCPDataSource();
        vibur.setDriverClassName(StubDriver.class.getName());
        vibur.setJdbcUrl(URL);
        vibur.setUsername("bench"); // Vibur fails to start without both (HikariCP's project sets them too)
        vibur.setPassword("");
        vibur.setConnectionTimeoutInMs(TIMEOUT.toMillis());
        vibur.setValidateTimeoutInSeconds(3);
        vibur.setLoginTimeoutInSeconds(2);
        vibur.setPoolInitialSize(0);
        vibur.setPoolMaxSize(size);
        vibur.setConnectionIdleLimitInSeconds(1);
        vibur.setAcquireRetryAttempts(0);
        vibur.setReducerTimeIntervalInSeconds(0);
        vibur.setUseNetworkTimeout(true);
        vibur.setNetworkTimeoutExecutor(Executors.newFixedThreadPool(1));
        vibur.setClearSQLWarnings(true);
        vibur.setResetDefaultsAfterUse(true);
        vibur.setDefaultAutoCommit(false);
        vibur.start();
        return vibur;
    }

    /**
     * Tomcat JDBC, as HikariCP's project: maxActive = maxIdle = size, rollbackOnReturn, a
     * disposable connection facade, the {@code ConnectionState} interceptor, testOnBorrow with a
     * validator calling {@code isValid} at most once per second per connection.
     */
    static org.apache.tomcat.jdbc.pool.DataSource tomcat(int size) {
        PoolProperties props = new PoolProperties();
        props.setUrl(URL);
        props.setDriverClassName(StubDriver.class.getName());
        props.setInitialSize(0);
        props.setMinIdle(0);
        props.setMaxIdle(size);
        props.setMaxActive(size);
        props.setMaxWait((int) TIMEOUT.toMillis());
        props.setDefaultAutoCommit(false);
        props.setRollbackOnReturn(true);
        props.setUseDisposableConnectionFacade(true);
        props.setJdbcInterceptors("org.apache.tomcat.jdbc.pool.interceptor.ConnectionState");
        props.setTestOnBorrow(true);
        props.setValidationInterval(1000);
        props.setValidator(JdbcPools::tomcatValidate);
        return new org.apache.tomcat.jdbc.pool.DataSource(props);
    }

    private static boolean tomcatValidate(Connection connection, int validateAction) {
        try {
            return validateAction != PooledConnection.VALIDATE_BORROW || connection.isValid(0);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * c3p0 {@link ComboPooledDataSource}, as HikariCP's project: acquireIncrement 1, min and
     * initial 0, testConnectionOnCheckout with no test query (so {@code isValid} on every
     * checkout).
     */
    static ComboPooledDataSource c3p0(int size) {
        ComboPooledDataSource cpds = new ComboPooledDataSource();
        try {
            cpds.setDriverClass(StubDriver.class.getName());
        } catch (PropertyVetoException e) {
            throw new IllegalStateException("c3p0: " + e.getMessage(), e);
        }
        cpds.setJdbcUrl(URL);
        cpds.setAcquireIncrement(1);
        cpds.setInitialPoolSize(0);
        cpds.setMinPoolSize(0);
        cpds.setMaxPoolSize(size);
        cpds.setCheckoutTimeout((int) TIMEOUT.toMillis());
        cpds.setTestConnectionOnCheckout(true);
        return cpds;
    }
}
