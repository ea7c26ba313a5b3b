package io.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pool.Connector;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Connector} adapter (JDBC, a Redis client, a PostgreSQL server
 * connection): extend it, give it a connector to a working backend, and it checks that the
 * connector creates, validates, resets and closes, alone and under a pool.
 */
public abstract class ConnectorCompatibilityKit<C> {

    /** A connector to a backend that is up. */
    protected abstract Connector<C> connector() throws Exception;

    @Test
    public void createdConnectionValidatesAndCloses() throws Exception {
        Connector<C> connector = connector();
        C c = connector.create();
        assertThat(c).isNotNull();
        assertThat(connector.validate(c, Duration.ofSeconds(5))).isTrue();
        connector.reset(c);
        assertThat(connector.validate(c, Duration.ofSeconds(5))).isTrue();
        connector.close(c);
    }

    @Test
    public void connectionsAreDistinct() throws Exception {
        Connector<C> connector = connector();
        C a = connector.create();
        C b = connector.create();
        try {
            assertThat(a).isNotSameAs(b);
        } finally {
            connector.close(a);
            connector.close(b);
        }
    }

    @Test
    public void worksUnderAPool() throws Exception {
        PoolConfig config = PoolConfig.custom()
                .name("connector-kit")
                .maxSize(2)
                .validateIdleAfter(Duration.ofNanos(1))
                .build();
        try (Pool<C> pool = Pool.create(config, connector())) {
            C first;
            try (Lease<C> lease = pool.acquire(Duration.ofSeconds(10))) {
                first = lease.connection();
            }
            try (Lease<C> lease = pool.acquire(Duration.ofSeconds(10))) {
                assertThat(lease.connection()).isSameAs(first);
                lease.invalidate();
            }
            try (Lease<C> lease = pool.acquire(Duration.ofSeconds(10))) {
                assertThat(lease.connection()).isNotSameAs(first);
            }
        }
    }
}
