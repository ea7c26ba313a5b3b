package io.berth.jdbc;

import java.util.List;

/**
 * Runtime control of a {@link BerthDataSource} over JMX, registered as {@code
 * io.berth:type=Pool,name=<poolName>} when {@code registerMbeans} is true.
 */
public interface BerthPoolMXBean {

    int getTotalConnections();

    int getIdleConnections();

    int getActiveConnections();

    int getThreadsAwaitingConnection();

    int getMaximumPoolSize();

    int getMinimumIdle();

    /** Resizes the pool in use; shrinking closes idle connections now and in-use ones when returned. */
    void resize(int minimumIdle, int maximumPoolSize);

    /** Stops lending (callers wait up to connectionTimeout) until {@link #resumePool()}. */
    void suspendPool();

    void resumePool();

    /** Closes idle connections now and in-use ones when they are returned. */
    void softEvictConnections();

    /** State of the creation breaker: CLOSED, OPEN or HALF_OPEN. */
    String getBreakerState();

    /**
     * Each read replica (replicaUrls): healthy or ejected and for how long, connections lent and
     * open, the last connection error. Empty without replicas.
     */
    List<ReplicaState> getReplicas();
}
