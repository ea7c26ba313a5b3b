package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.KeyedPool;
import io.berth.pool.KeyedPoolConfig;
import io.berth.pool.Lease;
import io.berth.pool.PoolConfig;
import io.berth.testkit.ScriptableConnector;
import io.berth.testkit.TestConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedPoolTest extends FakeTimePools {
    private static final Duration T = Duration.ofSeconds(5);
    private final Map<String, ScriptableConnector> connectors = new ConcurrentHashMap<>();
    private KeyedPool<String, TestConnection> keyed;

    private KeyedPool<String, TestConnection> keyed(int maxTotal, PoolConfig.Builder perKey) {
        keyed = KeyedPool.create(
                KeyedPoolConfig.<String>custom()
                        .name("shards")
                        .maxTotal(maxTotal)
                        .perKey(perKey.build())
                        .build(),
                key -> connectors.computeIfAbsent(key, k -> new ScriptableConnector()));
        return keyed;
    }

    @AfterEach
    void closeKeyed() {
        if (keyed != null) {
            keyed.close();
        }
    }

    @Test
    void eachKeyHasItsOwnSubPoolWithItsOwnLimit() throws Exception {
        KeyedPool<String, TestConnection> pool = keyed(10, config().maxSize(2));
        Lease<TestConnection> a1 = pool.acquire("a", T);
        Lease<TestConnection> a2 = pool.acquire("a", T);
        Lease<TestConnection> b1 = pool.acquire("b", T);
        assertThat(connectors.get("a").created()).isEqualTo(2);
        assertThat(connectors.get("b").created()).isEqualTo(1);
        assertThat(pool.pool("a").stats().leased()).isEqualTo(2);
        assertThat(pool.pool("a").config().name()).isEqualTo("shards[a]");
        assertThat(pool.pools()).containsOnlyKeys("a", "b");
        assertThatThrownBy(() -> pool.acquire("a", Duration.ofMillis(10))).hasMessageContaining("shards[a]");
        a1.close();
        a2.close();
        b1.close();
        assertThat(pool.totalConnections()).isEqualTo(3);
    }

    @Test
    void globalCapIsNeverExceeded() throws Exception {
        KeyedPool<String, TestConnection> pool = keyed(3, config().maxSize(3));
        Lease<TestConnection> a1 = pool.acquire("a", T);
        Lease<TestConnection> a2 = pool.acquire("a", T);
        Lease<TestConnection> b1 = pool.acquire("b", T);
        CompletableFuture<Lease<TestConnection>> c =
                pool.acquireAsync("c", T, Runnable::run).toCompletableFuture();
        assertThat(c).as("every connection is leased: c must wait").isNotDone();
        assertThat(pool.totalConnections()).isEqualTo(3);
        b1.close();
        assertThat(c).as("b's idle connection was closed to make room for c").isCompleted();
        assertThat(connectors.get("b").closed()).isEqualTo(1);
        assertThat(pool.totalConnections()).isEqualTo(3);
        a1.close();
        a2.close();
        c.join().close();
    }

    @Test
    void idleConnectionOfAnotherKeyIsClosedToMakeRoomForAWaiter() throws Exception {
        KeyedPool<String, TestConnection> pool = keyed(4, config().minIdle(2).maxSize(4));
        pool.pool("a");
        pool.pool("b");
        assertThat(pool.totalConnections()).isEqualTo(4);
        Lease<TestConnection> b1 = pool.acquire("b", T);
        Lease<TestConnection> b2 = pool.acquire("b", T);
        Lease<TestConnection> b3 = pool.acquire("b", T);
        assertThat(connectors.get("a").closed()).isEqualTo(1);
        assertThat(pool.pool("a").stats().total()).isEqualTo(1);
        assertThat(pool.totalConnections()).isEqualTo(4);
        b1.close();
        b2.close();
        b3.close();
    }
}
