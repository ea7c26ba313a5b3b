package io.berth.jdbc;

import io.berth.jdbc.internal.AcquireErrors;
import io.berth.jdbc.internal.JdbcConnector;
import io.berth.jdbc.internal.MeterBinding;
import io.berth.jdbc.internal.PoolMXBean;
import io.berth.jdbc.internal.PooledConnection;
import io.berth.jdbc.internal.ProxyConnection;
import io.berth.jdbc.internal.ReplicaRouter;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import io.berth.pool.PoolException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a started {@link BerthDataSource} runs, started and closed as one: the primary's pool, the
 * router over the replicas' pools, the pools' meters in the metricRegistry and the MXBean. A start
 * that fails half-way closes what it had started.
 *
 * <p>Micrometer is optional: {@link MeterBinding} is touched only when a registry is configured,
 * so without one its class (and Micrometer's) is never loaded.
 */
final class Running {
    final BerthConfig config;
    final Pool<PooledConnection> pool;
    final ReplicaRouter replicas;
    private final List<MeterBinding> meters;
    private final PoolMXBean mxBean;

    private Running(
            BerthConfig config,
            Pool<PooledConnection> pool,
            ReplicaRouter replicas,
            List<MeterBinding> meters,
            PoolMXBean mxBean) {
        this.config = config;
        this.pool = pool;
        this.replicas = replicas;
        this.meters = meters;
        this.mxBean = mxBean;
    }

    static Running start(BerthConfig c, Supplier<Credentials> credentials) {
        List<MeterBinding> meters = new ArrayList<>();
        Consumer<Pool<?>> bind = c.metricRegistry() == null
                ? null
                : p -> meters.add(MeterBinding.bind(c.metricRegistry(), p, c.hikariMetricNames()));
        Pool<PooledConnection> pool = create(poolConfig(c), connector(c, credentials), bind);
        ReplicaRouter replicas = null;
        try {
            awaitFirstConnection(c, pool);
            replicas = ReplicaRouter.start(
                    c.poolName(),
                    replicaConfigs(c),
                    (rc, health) -> create(
                            PoolConfig.from(poolConfig(rc)).listener(health).build(), connector(rc, credentials), bind),
                    timeout -> borrow(pool, timeout),
                    c.connectionTimeout());
            PoolMXBean mxBean = c.registerMbeans()
                    ? PoolMXBean.register(pool, c.poolName(), c.allowPoolSuspension(), replicas::status)
                    : null;
            return new Running(c, pool, replicas, meters, mxBean);
        } catch (RuntimeException e) {
            if (replicas != null) {
                replicas.close();
            }
            pool.close();
            unbind(meters);
            throw e;
        }
    }

    /**
     * Creates a pool. With {@code beforeFill} (binding its meters), the pool starts empty, is handed
     * to it, and only then fills up to minIdle, so that no connection is opened before its meters
     * can count it.
     */
    static Pool<PooledConnection> create(PoolConfig config, JdbcConnector connector, Consumer<Pool<?>> beforeFill) {
        if (beforeFill == null || config.minIdle() == 0) {
            Pool<PooledConnection> pool = Pool.create(config, connector);
            if (beforeFill != null) {
                bindOrClose(pool, beforeFill);
            }
            return pool;
        }
        Pool<PooledConnection> pool =
                Pool.create(PoolConfig.from(config).minIdle(0).build(), connector);
        bindOrClose(pool, beforeFill);
        pool.resize(config.minIdle(), config.maxSize());
        return pool;
    }

    private static void bindOrClose(Pool<PooledConnection> pool, Consumer<Pool<?>> bind) {
        try {
            bind.accept(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static void unbind(List<MeterBinding> meters) {
        for (int i = 0; i < meters.size(); i++) {
            meters.get(i).unbind();
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

    /** Each replica's settings: the primary's, with the replica's URL, read-only, named {@code <poolName>-replica-<n>}. */
    static List<BerthConfig> replicaConfigs(BerthConfig c) {
        List<BerthConfig> out = new ArrayList<>();
        List<String> urls = c.replicaUrls();
        for (int i = 0; i < urls.size(); i++) {
            out.add(BerthConfig.from(c)
                    .jdbcUrl(urls.get(i))
                    .replicaUrls(List.of())
                    .readOnly(true)
                    .poolName(c.poolName() + "-replica-" + (i + 1))
                    .hikariMetricNames(false)
                    .metricRegistry(null)
                    .registerMbeans(false)
                    .build());
        }
        return out;
    }

    private static JdbcConnector connector(BerthConfig c, Supplier<Credentials> credentials) {
        try {
            return new JdbcConnector(c, credentials);
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** HikariCP's initializationFailTimeout: wait for one connection, or fail the start. */
    private static void awaitFirstConnection(BerthConfig c, Pool<PooledConnection> pool) {
        long millis = c.initializationFailTimeout();
        if (millis < 0) {
            return;
        }
        try {
            // Through the same path as getConnection(), so that the classes of a borrow are loaded
            // here and not by the first virtual threads, which would pin waiting for the loader.
            Duration wait = Duration.ofMillis(
                    Math.max(millis, 1) + c.connectionTimeout().toMillis());
            new ProxyConnection(pool.acquire(wait), c.poolName()).close();
        } catch (PoolException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(
                    "pool '" + c.poolName() + "' could not open a first connection to " + c.jdbcUrl()
                            + " (initializationFailTimeout=" + millis + " ms; set it to -1 to start anyway): "
                            + e.getMessage(),
                    e);
        }
    }

    /** A connection of {@code pool}, waiting up to {@code timeout}. */
    static Connection borrow(Pool<PooledConnection> pool, Duration timeout) throws SQLException {
        String poolName = pool.config().name();
        try {
            return new ProxyConnection(pool.acquire(timeout), poolName);
        } catch (PoolException e) {
            throw AcquireErrors.of(e);
        } catch (InterruptedException e) {
            throw AcquireErrors.interrupted(poolName, e);
        }
    }

    /** Closes idle connections of every pool now and leased ones when returned. */
    void evictAll() {
        pool.evictAll();
        for (Pool<?> replica : replicas.pools()) {
            replica.evictAll();
        }
    }

    void close() {
        if (mxBean != null) {
            mxBean.unregister();
        }
        replicas.close();
        pool.close();
        unbind(meters);
    }
}
