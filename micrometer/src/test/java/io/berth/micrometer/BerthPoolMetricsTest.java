package io.berth.micrometer;

import static io.berth.micrometer.BerthPoolMetrics.BREAKER_STATE;
import static io.berth.micrometer.BerthPoolMetrics.BREAKER_TRANSITIONS;
import static io.berth.micrometer.BerthPoolMetrics.CLOSED;
import static io.berth.micrometer.BerthPoolMetrics.CONNECTION_COUNT;
import static io.berth.micrometer.BerthPoolMetrics.CREATE_FAILURES;
import static io.berth.micrometer.BerthPoolMetrics.CREATE_TIME;
import static io.berth.micrometer.BerthPoolMetrics.CREATING;
import static io.berth.micrometer.BerthPoolMetrics.IDLE_MAX;
import static io.berth.micrometer.BerthPoolMetrics.IDLE_MIN;
import static io.berth.micrometer.BerthPoolMetrics.LEAKS;
import static io.berth.micrometer.BerthPoolMetrics.MAX;
import static io.berth.micrometer.BerthPoolMetrics.PENDING_REQUESTS;
import static io.berth.micrometer.BerthPoolMetrics.POOL_NAME_TAG;
import static io.berth.micrometer.BerthPoolMetrics.REJECTED;
import static io.berth.micrometer.BerthPoolMetrics.STATE_TAG;
import static io.berth.micrometer.BerthPoolMetrics.TIMEOUTS;
import static io.berth.micrometer.BerthPoolMetrics.USE_TIME;
import static io.berth.micrometer.BerthPoolMetrics.WAIT_TIME;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.CloseReason;
import io.berth.pool.Connector;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import io.berth.pool.PoolRejectedException;
import io.berth.pool.PoolUnavailableException;
import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreakerConfig;
import io.berth.testkit.FakeClock;
import io.berth.testkit.ManualScheduler;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BerthPoolMetricsTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Pool<?>> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(Pool::close);
    }

    // ---- gauges ------------------------------------------------------------------------------

    @Test
    void connectionCountShowsIdleAndUsedConnectionsAsLeasesComeAndGo() throws Exception {
        Pool<String> pool = monitored(config("orders").maxSize(3), new Numbered());

        Lease<String> a = pool.acquire(LONG);
        Lease<String> b = pool.acquire(LONG);
        assertThat(connections("used")).isEqualTo(2);
        assertThat(connections("idle")).isZero();

        a.close();
        assertThat(connections("used")).isEqualTo(1);
        assertThat(connections("idle")).isEqualTo(1);

        b.close();
        assertThat(connections("used")).isZero();
        assertThat(connections("idle")).isEqualTo(2);
    }

    @Test
    void sizeLimitsAreReportedAndFollowAResize() {
        Pool<String> pool = monitored(config("orders").maxSize(4), new Numbered());
        assertThat(gauge(MAX)).isEqualTo(4);
        assertThat(gauge(IDLE_MAX)).isEqualTo(4);
        assertThat(gauge(IDLE_MIN)).isZero();

        pool.resize(2, 6);

        assertThat(gauge(MAX)).isEqualTo(6);
        assertThat(gauge(IDLE_MAX)).isEqualTo(6);
        assertThat(gauge(IDLE_MIN)).isEqualTo(2);
        assertThat(connections("idle")).as("resize fills up to minIdle").isEqualTo(2);
    }

    @Test
    void pendingRequestsShowACallerWaitingForAConnection() throws Exception {
        Pool<String> pool = monitored(config("orders").maxSize(1), new Numbered());
        Lease<String> held = pool.acquire(LONG);
        CompletableFuture<String> served = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                String got;
                try (Lease<String> lease = pool.acquire(LONG)) {
                    got = lease.connection();
                }
                served.complete(got);
            } catch (Throwable e) {
                served.completeExceptionally(e);
            }
        });

        awaitValue(() -> gauge(PENDING_REQUESTS), 1);
        held.close();

        assertThat(served.get(10, SECONDS)).isEqualTo("conn-1");
        assertThat(waiter.join(Duration.ofSeconds(10))).isTrue();
        assertThat(gauge(PENDING_REQUESTS)).isZero();
        Timer wait = registry.get(WAIT_TIME).timer();
        assertThat(wait.count()).isEqualTo(2);
        assertThat(wait.max(NANOSECONDS)).as("the second caller waited").isPositive();
    }

    @Test
    void creatingGaugeShowsConnectionsBeingOpened() throws Exception {
        CountDownLatch backendAnswers = new CountDownLatch(1);
        Numbered slow = new Numbered() {
            @Override
            public String create() throws Exception {
                backendAnswers.await();
                return next();
            }
        };
        // The default create executor: creation runs on its own virtual thread and can be watched.
        Pool<String> pool = monitored(
                PoolConfig.custom().name("orders").maxSize(2).clock(clock).scheduler(scheduler), slow);
        CompletableFuture<Lease<String>> lease =
                pool.acquireAsync(LONG, Runnable::run).toCompletableFuture();

        awaitValue(() -> gauge(CREATING), 1);
        assertThat(gauge(PENDING_REQUESTS)).isEqualTo(1);
        backendAnswers.countDown();

        lease.get(10, SECONDS).close();
        assertThat(gauge(CREATING)).isZero();
        assertThat(gauge(PENDING_REQUESTS)).isZero();
        assertThat(registry.get(CREATE_TIME).timer().count()).isEqualTo(1);
    }

    // ---- timers ------------------------------------------------------------------------------

    @Test
    void timersCountCreationsAcquisitionsAndUses() throws Exception {
        Numbered fiveMillisToOpen = new Numbered() {
            @Override
            public String create() {
                clock.advance(Duration.ofMillis(5));
                return next();
            }
        };
        Pool<String> pool = monitored(config("orders").maxSize(2), fiveMillisToOpen);

        Lease<String> first = pool.acquire(LONG);
        clock.advance(Duration.ofMillis(20));
        first.close();
        Lease<String> second = pool.acquire(LONG);
        clock.advance(Duration.ofMillis(30));
        second.close();

        Timer create = registry.get(CREATE_TIME).timer();
        assertThat(create.count()).isEqualTo(1);
        assertThat(create.totalTime(MILLISECONDS)).isEqualTo(5);
        assertThat(registry.get(WAIT_TIME).timer().count()).isEqualTo(2);
        Timer use = registry.get(USE_TIME).timer();
        assertThat(use.count()).isEqualTo(2);
        assertThat(use.totalTime(MILLISECONDS)).isEqualTo(50);
        assertThat(use.max(MILLISECONDS)).isEqualTo(30);
    }

    // ---- counters ----------------------------------------------------------------------------

    @Test
    void timeoutsCountCallersThatGaveUpWaiting() throws Exception {
        Pool<String> pool = monitored(config("orders").maxSize(1), new Numbered());
        Lease<String> held = pool.acquire(LONG);

        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(10))).isInstanceOf(AcquireTimeoutException.class);

        assertThat(counter(TIMEOUTS)).isEqualTo(1);
        assertThat(registry.get(WAIT_TIME).timer().count())
                .as("a timed-out wait is not an acquisition")
                .isEqualTo(1);
        assertThat(gauge(PENDING_REQUESTS)).isZero();
        assertThat(counter(REJECTED)).isZero();
        held.close();
    }

    @Test
    void callersTurnedAwayAtOnceAreCountedAsRejected() throws Exception {
        // maxWaiters 0: a caller may wait for a connection opened for it, never for a leased one.
        Pool<String> pool = monitored(config("orders").maxSize(1).maxWaiters(0), new Numbered());
        Lease<String> held = pool.acquire(LONG);

        assertThatThrownBy(() -> pool.acquire(LONG)).isInstanceOf(PoolRejectedException.class);

        assertThat(counter(REJECTED)).isEqualTo(1);
        assertThat(counter(TIMEOUTS)).isZero();
        held.close();
    }

    @Test
    void closedConnectionsAreCountedByReason() throws Exception {
        Numbered connector = new Numbered();
        Pool<String> pool = monitored(config("orders").maxSize(2), connector);

        pool.acquire(LONG).invalidate();
        assertThat(closed(CloseReason.INVALIDATED)).isEqualTo(1);

        Lease<String> a = pool.acquire(LONG);
        Lease<String> b = pool.acquire(LONG);
        a.close();
        b.close();
        pool.evictAll();
        assertThat(closed(CloseReason.EVICTED)).isEqualTo(2);

        pool.acquire(LONG).close();
        pool.close();
        assertThat(closed(CloseReason.POOL_CLOSED)).isEqualTo(1);

        assertThat(closed(CloseReason.LIFETIME)).isZero();
        assertThat(connector.closed).hasValue(4);
        assertThat(registry.find(CLOSED).counters()).hasSize(CloseReason.values().length);
    }

    @Test
    void leaksCountLeasesHeldPastTheThresholdOnce() throws Exception {
        Pool<String> pool =
                monitored(config("orders").maxSize(1).leakDetectionThreshold(Duration.ofSeconds(1)), new Numbered());
        Lease<String> forgotten = pool.acquire(LONG);

        clock.advance(Duration.ofMillis(999));
        pool.runMaintenance(clock.nanoTime());
        assertThat(counter(LEAKS)).isZero();

        clock.advance(Duration.ofSeconds(1));
        pool.runMaintenance(clock.nanoTime());
        pool.runMaintenance(clock.nanoTime());
        assertThat(counter(LEAKS)).isEqualTo(1);

        forgotten.close();
        assertThat(registry.get(USE_TIME).timer().totalTime(MILLISECONDS)).isEqualTo(1999);
    }

    // ---- breaker -----------------------------------------------------------------------------

    @Test
    void breakerGaugeFollowsTheBreakerWhileTheBackendIsDownAndBack() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        Numbered flaky = new Numbered() {
            @Override
            public String create() throws ConnectException {
                if (down.get()) {
                    throw new ConnectException("connection refused");
                }
                return next();
            }
        };
        Pool<String> pool = monitored(
                config("orders")
                        .maxSize(1)
                        .breaker(CircuitBreakerConfig.custom()
                                .consecutiveFailureThreshold(2)
                                .build())
                        .createBackoff(Backoff.fixed(Duration.ofMillis(1))),
                flaky);
        assertThat(gauge(BREAKER_STATE)).isZero();

        CompletableFuture<Lease<String>> first =
                pool.acquireAsync(LONG, Runnable::run).toCompletableFuture();
        assertThat(counter(CREATE_FAILURES)).isEqualTo(1);
        assertThat(gauge(BREAKER_STATE)).isZero();

        scheduler.advance(Duration.ofMillis(1)); // the retry fails too, and the breaker opens
        assertThat(counter(CREATE_FAILURES)).isEqualTo(2);
        assertThat(gauge(BREAKER_STATE)).isEqualTo(2);
        assertThat(transitionsTo("open")).isEqualTo(1);
        assertThat(first).isCompletedExceptionally();
        assertThatThrownBy(first::get).hasCauseInstanceOf(PoolUnavailableException.class);

        CompletableFuture<Lease<String>> refused =
                pool.acquireAsync(LONG, Runnable::run).toCompletableFuture();
        assertThatThrownBy(refused::get).hasCauseInstanceOf(PoolUnavailableException.class);
        assertThat(counter(REJECTED))
                .as("the failed waiter and the refused caller")
                .isEqualTo(2);

        down.set(false);
        scheduler.advance(Duration.ofSeconds(2)); // past the open interval: a probe succeeds

        assertThat(gauge(BREAKER_STATE)).isZero();
        assertThat(transitionsTo("half_open")).isEqualTo(1);
        assertThat(transitionsTo("closed")).isEqualTo(1);
        assertThat(transitionsTo("open")).isEqualTo(1);
        assertThat(registry.get(CREATE_TIME).timer().count()).isEqualTo(1);
        assertThat(connections("idle")).isEqualTo(1);
    }

    @Test
    void breakerStatesMapToDocumentedGaugeValues() {
        assertThat(BerthPoolMetrics.breakerCode(io.berth.resilience.CircuitBreaker.State.CLOSED))
                .isZero();
        assertThat(BerthPoolMetrics.breakerCode(io.berth.resilience.CircuitBreaker.State.HALF_OPEN))
                .isEqualTo(1);
        assertThat(BerthPoolMetrics.breakerCode(io.berth.resilience.CircuitBreaker.State.OPEN))
                .isEqualTo(2);
    }

    // ---- names, tags, binding ----------------------------------------------------------------

    @Test
    void everyDocumentedMeterIsRegistered() {
        monitored(config("orders"), new Numbered());

        List<String> expected = List.of(
                "db.client.connection.count",
                "db.client.connection.idle.max",
                "db.client.connection.idle.min",
                "db.client.connection.max",
                "db.client.connection.pending_requests",
                "db.client.connection.timeouts",
                "db.client.connection.create_time",
                "db.client.connection.wait_time",
                "db.client.connection.use_time",
                "berth.pool.connection.creating",
                "berth.pool.connection.create_failures",
                "berth.pool.connection.closed",
                "berth.pool.rejected",
                "berth.pool.leaks",
                "berth.pool.breaker.state",
                "berth.pool.breaker.transitions");
        assertThat(registry.getMeters().stream().map(m -> m.getId().getName()).distinct())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(registry.find(CONNECTION_COUNT).gauges())
                .extracting(g -> g.getId().getTag(STATE_TAG))
                .containsExactlyInAnyOrder("idle", "used");
        assertThat(registry.find(BREAKER_TRANSITIONS).counters())
                .extracting(c -> c.getId().getTag("to"))
                .containsExactlyInAnyOrder("closed", "half_open", "open");
    }

    @Test
    void everyMeterNamesThePoolAndCarriesTheExtraTags() {
        Pool<String> pool = pool(config("orders"), new Numbered());
        new BerthPoolMetrics(pool, Tags.of("region", "eu", POOL_NAME_TAG, "not-the-pool")).bindTo(registry);

        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.getId().getTag(POOL_NAME_TAG)).isEqualTo("orders");
            assertThat(m.getId().getTag("region")).isEqualTo("eu");
        });
    }

    @Test
    void monitorBindsThePoolAndReturnsIt() throws Exception {
        Pool<String> pool = pool(config("orders"), new Numbered());

        Pool<String> returned = BerthPoolMetrics.monitor(registry, pool, Tag.of("app", "shop"));
        returned.acquire(LONG).close();

        assertThat(returned).isSameAs(pool);
        assertThat(registry.get(WAIT_TIME).tag("app", "shop").timer().count()).isEqualTo(1);
    }

    @Test
    void bindingTheSameBinderTwiceToARegistryCountsEventsOnce() throws Exception {
        Pool<String> pool = pool(config("orders"), new Numbered());
        BerthPoolMetrics metrics = new BerthPoolMetrics(pool);
        metrics.bindTo(registry);
        int meters = registry.getMeters().size();

        metrics.bindTo(registry);
        pool.acquire(LONG).close();

        assertThat(registry.getMeters()).hasSize(meters);
        assertThat(registry.get(WAIT_TIME).timer().count()).isEqualTo(1);
        assertThat(registry.get(USE_TIME).timer().count()).isEqualTo(1);
    }

    @Test
    void oneBinderFeedsEachRegistryItIsBoundTo() throws Exception {
        Pool<String> pool = pool(config("orders"), new Numbered());
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        BerthPoolMetrics metrics = new BerthPoolMetrics(pool);
        metrics.bindTo(registry);
        metrics.bindTo(other);

        pool.acquire(LONG).close();

        assertThat(registry.get(USE_TIME).timer().count()).isEqualTo(1);
        assertThat(other.get(USE_TIME).timer().count()).isEqualTo(1);
        assertThat(other.get(CONNECTION_COUNT).tag(STATE_TAG, "idle").gauge().value())
                .isEqualTo(1);
    }

    @Test
    void aSecondPoolWithTheSameNameIsRefusedInsteadOfMixingMeters() {
        monitored(config("orders"), new Numbered());
        Pool<String> twin = pool(config("orders"), new Numbered());

        assertThatThrownBy(() -> new BerthPoolMetrics(twin).bindTo(registry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'orders'")
                .hasMessageContaining("unique name");
    }

    @Test
    void poolsWithDifferentNamesHaveSeparateMeters() throws Exception {
        Pool<String> orders = monitored(config("orders").maxSize(2), new Numbered());
        monitored(config("billing").maxSize(5), new Numbered());

        orders.acquire(LONG).close();

        assertThat(registry.get(MAX).tag(POOL_NAME_TAG, "orders").gauge().value())
                .isEqualTo(2);
        assertThat(registry.get(MAX).tag(POOL_NAME_TAG, "billing").gauge().value())
                .isEqualTo(5);
        assertThat(registry.get(USE_TIME).tag(POOL_NAME_TAG, "orders").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(USE_TIME).tag(POOL_NAME_TAG, "billing").timer().count())
                .isZero();
    }

    @Test
    void useTimeOfALeaseTakenBeforeBindingIsNotAbsurd() throws Exception {
        Pool<String> pool = pool(config("orders"), new Numbered());
        Lease<String> early = pool.acquire(LONG);
        new BerthPoolMetrics(pool).bindTo(registry);

        clock.advance(Duration.ofMillis(1));
        early.close();

        assertThat(registry.get(USE_TIME).timer().max(SECONDS)).isLessThan(1.0);
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A connector of numbered strings: conn-1, conn-2, ... */
    static class Numbered implements Connector<String> {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public String create() throws Exception {
            return next();
        }

        final String next() {
            return "conn-" + opened.incrementAndGet();
        }

        @Override
        public void close(String connection) {
            closed.incrementAndGet();
        }
    }

    /** Synchronous creation, and time that moves only when the test moves it. */
    private PoolConfig.Builder config(String name) {
        return PoolConfig.custom()
                .name(name)
                .createExecutor(Runnable::run)
                .clock(clock)
                .scheduler(scheduler);
    }

    private Pool<String> pool(PoolConfig.Builder config, Connector<String> connector) {
        Pool<String> pool = Pool.create(config.build(), connector);
        pools.add(pool);
        return pool;
    }

    private Pool<String> monitored(PoolConfig.Builder config, Connector<String> connector) {
        return BerthPoolMetrics.monitor(registry, pool(config, connector));
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double connections(String state) {
        return registry.get(CONNECTION_COUNT).tag(STATE_TAG, state).gauge().value();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private double closed(CloseReason reason) {
        return registry.get(CLOSED)
                .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .counter()
                .count();
    }

    private double transitionsTo(String state) {
        return registry.get(BREAKER_TRANSITIONS).tag("to", state).counter().count();
    }

    /** Waits, without sleeping and at most 10 s, until {@code value} reads {@code expected}. */
    private static void awaitValue(DoubleSupplier value, double expected) {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (value.getAsDouble() != expected) {
            assertThat(System.nanoTime() - deadline)
                    .as("waited 10 s for %s, last read %s", expected, value.getAsDouble())
                    .isNegative();
            LockSupport.parkNanos(MILLISECONDS.toNanos(1));
        }
        assertThat(value.getAsDouble()).isEqualTo(expected);
    }
}
