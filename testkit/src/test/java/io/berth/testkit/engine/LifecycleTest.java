package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pool.*;
import io.berth.testkit.TestConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest extends FakeTimePools {
    private static final Duration T = Duration.ofSeconds(1);

    @Test
    void minIdleIsOpenedEagerly() {
        Pool<TestConnection> pool = pool(config().minIdle(3).maxSize(5));
        assertThat(pool.stats().idle()).isEqualTo(3);
        assertThat(connector.created()).isEqualTo(3);
    }

    @Test
    void lazyPoolOpensNothingUntilAsked() throws Exception {
        Pool<TestConnection> pool = pool(config().minIdle(0).maxSize(5));
        assertThat(pool.stats().total()).isZero();
        pool.acquire(T).close();
        assertThat(pool.stats().total()).isEqualTo(1);
    }

    @Test
    void idleConnectionIsRetiredAfterMaxLifetime() {
        Pool<TestConnection> pool = pool(config().minIdle(1).maxSize(1).maxLifetime(Duration.ofMinutes(30)));
        TestConnection first = connector.connections().get(0);
        scheduler.advance(Duration.ofMinutes(29));
        assertThat(first.isClosed()).isFalse();
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(first.isClosed()).isTrue();
        assertThat(pool.stats().idle()).as("refilled to minIdle").isEqualTo(1);
    }

    @Test
    void lifetimeJitterRetiresConnectionsAtDifferentTimesButNeverLate() {
        Pool<TestConnection> pool = pool(config().minIdle(20)
                .maxSize(20)
                .maxLifetime(Duration.ofMinutes(10))
                .maxLifetimeJitter(0.2));
        List<TestConnection> firstGeneration = connector.connections();
        scheduler.advance(Duration.ofMinutes(9));
        long closedEarly =
                firstGeneration.stream().filter(TestConnection::isClosed).count();
        assertThat(closedEarly).as("some, not all, retire in the jitter window").isBetween(1L, 19L);
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(firstGeneration).allMatch(TestConnection::isClosed);
        assertThat(pool.stats().total()).isEqualTo(20);
    }

    @Test
    void leasedConnectionIsNeverRetiredMidUseButClosedWhenReturned() throws Exception {
        Pool<TestConnection> pool =
                pool(config().maxSize(1).maxLifetime(Duration.ofMinutes(30)).maxLifetimeJitter(0));
        Lease<TestConnection> lease = pool.acquire(T);
        scheduler.advance(Duration.ofMinutes(31));
        assertThat(lease.connection().isClosed()).isFalse();
        TestConnection c = lease.connection();
        lease.close();
        assertThat(c.isClosed()).isTrue();
        try (Lease<TestConnection> next = pool.acquire(T)) {
            assertThat(next.connection()).isNotSameAs(c);
        }
    }

    @Test
    void idleConnectionIsClosedAfterIdleTimeoutDownToMinIdle() throws Exception {
        Pool<TestConnection> pool = pool(config().minIdle(1).maxSize(4).idleTimeout(Duration.ofMinutes(10)));
        List<Lease<TestConnection>> leases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leases.add(pool.acquire(T));
        }
        scheduler.advance(Duration.ofSeconds(1));
        leases.forEach(Lease::close);
        scheduler.advance(Duration.ofMinutes(9));
        assertThat(pool.stats().total()).isEqualTo(4);
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(pool.stats().total()).isEqualTo(1);
        assertThat(connector.closed()).isEqualTo(3);
    }

    @Test
    void keepaliveFindsABrokenIdleConnectionAndReplacesIt() {
        Pool<TestConnection> pool = pool(config().minIdle(1).maxSize(2).keepaliveTime(Duration.ofMinutes(2)));
        TestConnection first = connector.connections().get(0);
        scheduler.advance(Duration.ofMinutes(1));
        first.breakIt();
        assertThat(connector.validations()).isZero();
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(connector.validations()).isPositive();
        assertThat(first.isClosed()).isTrue();
        assertThat(pool.stats().idle()).isEqualTo(1);
    }

    @Test
    void connectionIdleLongerThanThresholdIsValidatedOnBorrow() throws Exception {
        Pool<TestConnection> pool = pool(
                config().maxSize(2).validateIdleAfter(Duration.ofMillis(500)).keepaliveTime(Duration.ZERO));
        TestConnection first;
        try (Lease<TestConnection> lease = pool.acquire(T)) {
            first = lease.connection();
        }
        pool.acquire(T).close();
        assertThat(connector.validations()).as("recently used: no validation").isZero();
        scheduler.advance(Duration.ofSeconds(2));
        first.breakIt();
        try (Lease<TestConnection> lease = pool.acquire(T)) {
            assertThat(lease.connection()).isNotSameAs(first);
        }
        assertThat(connector.validations()).isEqualTo(1);
        assertThat(first.isClosed()).isTrue();
    }

    @Test
    void resetFailureEvictsTheConnection() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        Lease<TestConnection> lease = pool.acquire(T);
        TestConnection c = lease.connection();
        connector.failNextResets(1);
        lease.close();
        assertThat(c.isClosed()).isTrue();
        assertThat(pool.stats().total()).isZero();
    }

    @Test
    void growingOpensMoreAndShrinkingClosesIdleAtOnceAndLeasedOnReturn() throws Exception {
        Pool<TestConnection> pool = pool(config().minIdle(2).maxSize(4));
        pool.resize(4, 6);
        assertThat(pool.stats().total()).isEqualTo(4);
        Lease<TestConnection> a = pool.acquire(T);
        Lease<TestConnection> b = pool.acquire(T);
        pool.resize(0, 1);
        assertThat(pool.stats().total())
                .as("idle ones closed, leased ones kept")
                .isEqualTo(2);
        a.close();
        assertThat(pool.stats().total()).isEqualTo(1);
        b.close();
        assertThat(pool.stats().total()).isEqualTo(1);
        assertThat(pool.stats().maxSize()).isEqualTo(1);
    }

    @Test
    void evictAllClosesIdleNowAndLeasedOnReturn() throws Exception {
        Pool<TestConnection> pool = pool(config().minIdle(2).maxSize(2));
        Lease<TestConnection> lease = pool.acquire(T);
        TestConnection leased = lease.connection();
        List<TestConnection> before = connector.connections();
        pool.evictAll();
        assertThat(leased.isClosed()).isFalse();
        lease.close();
        assertThat(before).allMatch(TestConnection::isClosed);
        assertThat(pool.stats().idle()).isEqualTo(2);
    }

    @Test
    void pausedPoolLendsNothingUntilResumed() throws Exception {
        Pool<TestConnection> pool = pool(config().minIdle(1).maxSize(1));
        pool.pause();
        assertThat(pool.acquireAsync(T, Runnable::run).toCompletableFuture()).isNotDone();
        var waiting = pool.acquireAsync(T, Runnable::run).toCompletableFuture();
        pool.resume();
        assertThat(pool.stats().leased()).isEqualTo(1);
        assertThat(pool.stats().pending()).isEqualTo(1);
        assertThat(waiting).isNotDone();
    }

    @Test
    void drainWaitsForLeasesThenClosesEverything() throws Exception {
        Pool<TestConnection> pool = pool(config().minIdle(2).maxSize(2));
        Lease<TestConnection> lease = pool.acquire(T);
        var drained = new java.util.concurrent.CompletableFuture<Boolean>();
        Thread drainer = Thread.ofVirtual().start(() -> {
            try {
                drained.complete(pool.drain(Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                drained.completeExceptionally(e);
            }
        });
        io.berth.testkit.Await.until(() -> connector.closed() == 1); // the idle one closed: drain is waiting
        assertThat(drained).isNotDone();
        lease.close();
        assertThat(drained.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        drainer.join();
        assertThat(connector.open()).isZero();
    }

    @Test
    void drainForceClosesLeasesThatDoNotComeBack() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        Lease<TestConnection> lease = pool.acquire(T);
        assertThat(pool.drain(Duration.ofMillis(10))).isFalse();
        assertThat(connector.open()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(lease::connection)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was drained and closed this lease's connection");
        lease.close(); // the late return is quietly ignored
        assertThat(connector.closed()).isEqualTo(1);
    }

    @Test
    void invalidConfigNamesTheSettingAndRange() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PoolConfig.custom().maxSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSize must be in [1, 100000], was 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PoolConfig.custom().maxSize(2).minIdle(3).build())
                .hasMessage("minIdle must be in [0, maxSize=2], was 3");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PoolConfig.custom().idleTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("idleTimeout must be zero (disabled) or a positive duration, was PT-1S");
    }
}
