package io.berth.jdbc.internal;

import io.berth.jdbc.BerthPoolMXBean;
import io.berth.jdbc.ReplicaState;
import io.berth.pool.Pool;
import io.berth.pool.PoolStats;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The JMX face of a data source's pool; registered and unregistered by the data source. */
public final class PoolMXBean implements BerthPoolMXBean {
    private final Pool<?> pool;
    private final boolean allowSuspension;
    private final Supplier<List<ReplicaState>> replicas;
    private final ObjectName name;

    private PoolMXBean(Pool<?> pool, String poolName, boolean allowSuspension, Supplier<List<ReplicaState>> replicas)
            throws JMException {
        this.pool = pool;
        this.allowSuspension = allowSuspension;
        this.replicas = replicas;
        this.name = new ObjectName("io.berth:type=Pool,name=" + ObjectName.quote(poolName));
    }

    /** Registers the pool's MXBean on the platform MBean server; {@code replicas} reads the replicas' state. */
    public static PoolMXBean register(
            Pool<?> pool, String poolName, boolean allowSuspension, Supplier<List<ReplicaState>> replicas) {
        try {
            PoolMXBean bean = new PoolMXBean(pool, poolName, allowSuspension, replicas);
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, bean.name);
            return bean;
        } catch (JMException e) {
            throw new IllegalStateException(
                    "pool '" + poolName + "': cannot register its MXBean (is another pool"
                            + " registered under the same poolName? give each data source its own): " + e.getMessage(),
                    e);
        }
    }

    public void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            // already gone: nothing to undo
        }
    }

    @Override
    public int getTotalConnections() {
        return pool.stats().total();
    }

    @Override
    public int getIdleConnections() {
        return pool.stats().idle();
    }

    @Override
    public int getActiveConnections() {
        return pool.stats().leased();
    }

    @Override
    public int getThreadsAwaitingConnection() {
        return pool.stats().pending();
    }

    @Override
    public int getMaximumPoolSize() {
        return pool.stats().maxSize();
    }

    @Override
    public int getMinimumIdle() {
        PoolStats s = pool.stats();
        return s.minIdle();
    }

    @Override
    public void resize(int minimumIdle, int maximumPoolSize) {
        pool.resize(minimumIdle, maximumPoolSize);
    }

    @Override
    public void suspendPool() {
        if (!allowSuspension) {
            throw new IllegalStateException("suspendPool needs allowPoolSuspension=true (as in HikariCP)");
        }
        pool.pause();
    }

    @Override
    public void resumePool() {
        pool.resume();
    }

    @Override
    public void softEvictConnections() {
        pool.evictAll();
    }

    @Override
    public String getBreakerState() {
        return pool.breakerState().name();
    }

    @Override
    public List<ReplicaState> getReplicas() {
        return replicas.get();
    }
}
