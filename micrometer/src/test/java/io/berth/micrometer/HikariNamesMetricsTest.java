package io.berth.micrometer;

import static io.berth.micrometer.HikariNamesMetrics.ACQUIRE;
import static io.berth.micrometer.HikariNamesMetrics.ACTIVE;
import static io.berth.micrometer.HikariNamesMetrics.CONNECTIONS;
import static io.berth.micrometer.HikariNamesMetrics.CREATION;
import static io.berth.micrometer.HikariNamesMetrics.IDLE;
import static io.berth.micrometer.HikariNamesMetrics.MAX;
import static io.berth.micrometer.HikariNamesMetrics.MIN;
import static io.berth.micrometer.HikariNamesMetrics.PENDING;
import static io.berth.micrometer.HikariNamesMetrics.POOL_TAG;
import static io.berth.micrometer.HikariNamesMetrics.TIMEOUT;
import static io.berth.micrometer.HikariNamesMetrics.USAGE;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import io.berth.testkit.FakeClock;
import io.berth.testkit.ManualScheduler;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HikariNamesMetricsTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Pool<?>> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(Pool::close);
    }

    private Pool<String> pool(String name, int minIdle, int maxSize) {
        Pool<String> pool = Pool.create(
                PoolConfig.custom()
                        .name(name)
                        .minIdle(minIdle)
                        .maxSize(maxSize)
                        .createExecutor(Runnable::run)
                        .clock(clock)
                        .scheduler(scheduler)
                        .build(),
                new BerthPoolMetricsTest.Numbered());
        pools.add(pool);
        return pool;
    }

    private double gauge(String name) {
        return registry.get(name).tag(POOL_TAG, "orders").gauge().value();
    }

    @Test
    void gaugesShowTheCountsHikariCpShows() throws Exception {
        Pool<String> pool = pool("orders", 1, 3);
        new HikariNamesMetrics(pool).bindTo(registry);
        assertThat(gauge(MAX)).isEqualTo(3);
        assertThat(gauge(MIN)).isEqualTo(1);
        assertThat(gauge(CONNECTIONS)).isEqualTo(1);
        assertThat(gauge(IDLE)).isEqualTo(1);

        Lease<String> a = pool.acquire(LONG);
        Lease<String> b = pool.acquire(LONG);
        assertThat(gauge(ACTIVE)).isEqualTo(2);
        assertThat(gauge(IDLE)).as("refilled to minIdle").isEqualTo(1);
        assertThat(gauge(CONNECTIONS)).isEqualTo(3);
        assertThat(gauge(PENDING)).isZero();

        a.close();
        b.close();
        assertThat(gauge(ACTIVE)).isZero();
        assertThat(gauge(IDLE)).isEqualTo(3);
    }

    @Test
    void timersAndTheTimeoutCounterFollowBorrowsCreationsAndTimeouts() throws Exception {
        Pool<String> pool = pool("orders", 0, 1);
        new HikariNamesMetrics(pool).bindTo(registry);
        Lease<String> lease = pool.acquire(LONG);
        clock.advance(Duration.ofMillis(40));
        lease.close();
        try (Lease<String> again = pool.acquire(LONG)) {
            assertThat(again.connection()).isEqualTo("conn-1");
            CompletableFuture<Lease<String>> waiting =
                    pool.acquireAsync(Duration.ofMillis(5), Runnable::run).toCompletableFuture();
            clock.advance(Duration.ofMillis(5));
            scheduler.runDue();
            assertThat(waiting).isCompletedExceptionally();
            assertThatThrownBy(waiting::join).hasCauseInstanceOf(AcquireTimeoutException.class);
        }

        assertThat(registry.get(ACQUIRE).tag(POOL_TAG, "orders").timer().count())
                .isEqualTo(2);
        assertThat(registry.get(USAGE).timer().count()).isEqualTo(2);
        assertThat(registry.get(USAGE).timer().max(MILLISECONDS)).isEqualTo(40);
        assertThat(registry.get(CREATION).timer().count()).isEqualTo(1);
        assertThat(registry.get(TIMEOUT).counter().count()).isEqualTo(1);
    }

    @Test
    void extraTagsAreAddedAndThePoolTagAlwaysNamesThePool() {
        Pool<String> pool = pool("orders", 0, 2);
        new HikariNamesMetrics(pool, Tags.of(Tag.of("pool", "not-this"), Tag.of("region", "eu"))).bindTo(registry);
        Meter max = registry.get(MAX).meter();
        assertThat(max.getId().getTag(POOL_TAG)).isEqualTo("orders");
        assertThat(max.getId().getTag("region")).isEqualTo("eu");
    }

    @Test
    void aSecondPoolOfTheSameNameIsRefusedAndBindingTwiceDoesNothing() {
        Pool<String> pool = pool("orders", 0, 2);
        HikariNamesMetrics binder = new HikariNamesMetrics(pool);
        binder.bindTo(registry);
        int meters = registry.getMeters().size();
        binder.bindTo(registry);
        assertThat(registry.getMeters()).hasSize(meters);
        Pool<String> twin = pool("orders", 0, 2);
        assertThatThrownBy(() -> new HikariNamesMetrics(twin).bindTo(registry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pool 'orders'")
                .hasMessageContaining("unique name");
    }

    @Test
    void unbindingRemovesExactlyTheBindersOwnMeters() throws Exception {
        Pool<String> pool = pool("orders", 0, 2);
        Pool<String> other = pool("billing", 0, 2);
        HikariNamesMetrics hikari = new HikariNamesMetrics(pool);
        BerthPoolMetrics berth = new BerthPoolMetrics(pool);
        hikari.bindTo(registry);
        berth.bindTo(registry);
        new HikariNamesMetrics(other).bindTo(registry);
        assertThat(registry.find(MAX).tag(POOL_TAG, "orders").gauge()).isNotNull();

        hikari.unbindFrom(registry);
        assertThat(registry.find(CONNECTIONS).tag(POOL_TAG, "orders").meters()).isEmpty();
        assertThat(registry.find(ACQUIRE).tag(POOL_TAG, "orders").meters()).isEmpty();
        assertThat(registry.find(MAX).tag(POOL_TAG, "billing").gauge())
                .as("another pool's meters stay")
                .isNotNull();
        assertThat(registry.find(BerthPoolMetrics.MAX).gauge())
                .as("the OpenTelemetry-named meters of the same pool stay")
                .isNotNull();

        berth.unbindFrom(registry);
        assertThat(registry.getMeters())
                .allSatisfy(m -> assertThat(m.getId().getTag(POOL_TAG)).isEqualTo("billing"));

        hikari.bindTo(registry);
        try (Lease<String> lease = pool.acquire(LONG)) {
            assertThat(lease.connection()).startsWith("conn-");
        }
        assertThat(registry.get(ACQUIRE).tag(POOL_TAG, "orders").timer().count())
                .as("bound again after unbinding, counting from zero")
                .isEqualTo(1);
        hikari.unbindFrom(registry);
        hikari.unbindFrom(registry); // not bound: nothing happens
    }
}
