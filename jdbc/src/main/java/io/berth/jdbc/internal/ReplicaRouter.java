package io.berth.jdbc.internal;

import io.berth.jdbc.BerthConfig;
import io.berth.jdbc.ReplicaState;
import io.berth.pool.Endpoints;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolListener;
import io.berth.pool.PoolStats;
import io.berth.resilience.CircuitBreaker;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The read-only face of a data source with read replicas: a {@link DataSource} whose connections
 * come from one pool per replica, chosen by power-of-two-choices on leased connections among the
 * replicas not ejected ({@link Endpoints}), and from the primary, set read-only, when none is
 * healthy (or none is configured).
 *
 * <p>Health: each replica's pool reports to this router through a listener. A failed attempt to
 * open a connection, or the pool's breaker opening, ejects the replica (1 s, doubling to 60 s while
 * it keeps failing); so does a borrow the pool refuses at once because its breaker is open. A
 * borrower waiting on a replica that is ejected moves on at once to another replica (see {@link
 * Replica}). A replica whose ejection has run out is tried again; a connection it opens (the
 * pool's background attempts included) re-admits it at once.
 *
 * <p>Replica connections are opened read-only (the replica configs say so), so a borrower's
 * {@code setReadOnly(false)} is undone on return like any session change; a primary connection lent
 * here is set read-only and restored when returned.
 *
 * <p>Thread-safe; {@link #close()} closes the replica pools (the data source calls it as it closes).
 */
public final class ReplicaRouter implements DataSource {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(ReplicaRouter.class);

    /** Lends a primary connection, as the data source's getConnection does, within {@code timeout}. */
    @FunctionalInterface
    public interface Primary {
        Connection borrow(Duration timeout) throws SQLException;
    }

    private final String name;
    private final List<Replica> replicas;
    private final Endpoints<Replica> endpoints;
    private final Primary primary;
    private final long timeoutNanos;
    private volatile boolean closed;
    private PrintWriter logWriter;

    private ReplicaRouter(String name, List<Replica> replicas, Primary primary, Duration timeout) {
        this.name = name;
        this.replicas = replicas;
        this.endpoints = replicas.isEmpty()
                ? null
                : Endpoints.custom(replicas, Replica::leased).build();
        this.primary = primary;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Starts a pool per replica and returns the router over them.
     *
     * @param name the data source's pool name, for messages
     * @param replicaConfigs each replica's settings: its jdbcUrl, poolName, readOnly
     * @param pools makes a replica's pool from its settings and the router's health listener for
     *     it, which must hear the pool's events from the first connection attempt on
     * @param timeout how long a borrower may wait in all (connectionTimeout)
     */
    public static ReplicaRouter start(
            String name,
            List<BerthConfig> replicaConfigs,
            BiFunction<BerthConfig, PoolListener, Pool<PooledConnection>> pools,
            Primary primary,
            Duration timeout) {
        List<Replica> replicas = new ArrayList<>();
        for (BerthConfig c : replicaConfigs) {
            replicas.add(new Replica(c.jdbcUrl(), c.poolName()));
        }
        ReplicaRouter router = new ReplicaRouter(name, List.copyOf(replicas), primary, timeout);
        try {
            for (int i = 0; i < replicas.size(); i++) {
                Replica r = replicas.get(i);
                r.start(pools.apply(replicaConfigs.get(i), router.new Health(r)));
            }
        } catch (RuntimeException e) {
            router.close();
            throw e;
        }
        return router;
    }

    /** The replicas' pools, in the order of replicaUrls. */
    public List<Pool<?>> pools() {
        List<Pool<?>> out = new ArrayList<>(replicas.size());
        for (Replica r : replicas) {
            out.add(r.pool());
        }
        return out;
    }

    boolean isEjected(Replica r) {
        return endpoints.isEjected(r);
    }

    /** Ejects {@code r} after {@code cause}; borrowers waiting on it move on. Ignored once closed. */
    void failed(Replica r, Throwable cause) {
        if (!closed && endpoints.failed(r, cause)) {
            log.warn(
                    "pool={} event=replica_ejected url={} for_ms={} cause=\"{}\"",
                    r.poolName,
                    r.url,
                    ejectedFor(r).toMillis(),
                    cause.toString());
            r.signalEjected();
        }
    }

    private Duration ejectedFor(Replica r) {
        for (Endpoints.Status<Replica> s : endpoints.status()) {
            if (s.endpoint() == r) {
                return s.ejectedFor();
            }
        }
        return Duration.ZERO;
    }

    /** {@code r} opened a connection: healthy again, and its next ejection short again. */
    void succeeded(Replica r) {
        if (endpoints.succeeded(r)) {
            log.info("pool={} event=replica_recovered url={}", r.poolName, r.url);
        }
    }

    /**
     * A read-only connection: from the less loaded of two healthy replicas, from another replica if
     * that one is ejected while the borrower waits, from the primary when none is healthy.
     */
    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("data source '" + name + "' is closed", "08003");
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (int tries = 0; endpoints != null && tries <= replicas.size(); tries++) {
            Replica r = endpoints.pick();
            if (r == null) {
                break;
            }
            Lease<PooledConnection> lease = r.borrow(this, deadline);
            if (lease != null) {
                return new ProxyConnection(lease, r.poolName);
            }
        }
        Connection c = primary.borrow(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)));
        try {
            c.setReadOnly(true);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Each replica as operators see it, in the order of replicaUrls. */
    public List<ReplicaState> status() {
        List<ReplicaState> out = new ArrayList<>(replicas.size());
        if (endpoints == null) {
            return out;
        }
        for (Endpoints.Status<Replica> s : endpoints.status()) {
            Replica r = s.endpoint();
            Pool<PooledConnection> p = r.pool();
            PoolStats stats = p == null ? new PoolStats(0, 0, 0, 0, 0, 0, 0) : p.stats();
            out.add(new ReplicaState(
                    r.poolName,
                    r.url,
                    !s.ejected(),
                    s.ejectedFor().toMillis(),
                    s.ejections(),
                    stats.leased(),
                    stats.total(),
                    s.lastFailure() == null ? null : s.lastFailure().toString()));
        }
        return out;
    }

    /** Closes every replica pool: idle connections now, leased ones when returned. */
    public void close() {
        closed = true;
        for (Replica r : replicas) {
            Pool<PooledConnection> p = r.pool();
            if (p != null) {
                p.close();
            }
        }
    }

    /** A replica pool's events, as health reports to the router. */
    private final class Health implements PoolListener {
        private final Replica replica;

        Health(Replica replica) {
            this.replica = replica;
        }

        @Override
        public void onCreated(String pool, long createNanos) {
            succeeded(replica);
        }

        @Override
        public void onCreateFailed(String pool, Throwable cause) {
            failed(replica, cause);
        }

        @Override
        public void onBreakerStateChanged(String pool, CircuitBreaker.State from, CircuitBreaker.State to) {
            if (to == CircuitBreaker.State.OPEN) {
                failed(replica, new SQLException("connection breaker of '" + pool + "' opened", "08001"));
            }
        }
    }

    // ---- DataSource plumbing -----------------------------------------------------------------

    /** Not supported: credentials come from the configuration (as in HikariCP). */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "getConnection(username, password) is not supported; configure username and password instead");
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Not supported here: set connectionTimeout on the data source this view belongs to. */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "set connectionTimeout on the BerthDataSource; its read-only view shares it");
    }

    @Override
    public int getLoginTimeout() {
        return (int) Duration.ofNanos(timeoutNanos).toSeconds();
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
        throw new SQLException("the read-only view of '" + name + "' does not wrap a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "ReplicaRouter[" + name + ", replicas=" + replicas + "]";
    }
}
