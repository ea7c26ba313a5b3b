package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pool.Connector;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import io.berth.pool.PoolListener;
import io.berth.pool.PoolUnavailableException;
import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreaker;
import io.berth.resilience.CircuitBreakerConfig;
import io.berth.testkit.Await;
import io.berth.testkit.ScriptableConnector;
import io.berth.testkit.TestConnection;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thousand virtual threads against a pool whose backend is down, on the real clock and the shared
 * scheduler: once the breaker is open every caller fails within milliseconds with the connect
 * error, callers already waiting fail as soon as it opens, and the pool serves again within one
 * probe interval of the backend's return.
 */
class BreakerStressTest {
    private static final int CALLERS = 1_000;
    private static final Duration CALLER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(300);

    private final ConnectException refused =
            new ConnectException("connection refused: 127.0.0.1:5432 (breaker stress)");
    private final ScriptableConnector connector = new ScriptableConnector().backendDown(refused);
    private final ExecutorService createExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Pool<?>> pools = new ArrayList<>();
    private volatile long openedAt;

    @AfterEach
    void closePools() throws InterruptedException {
        pools.forEach(Pool::close);
        createExecutor.shutdown();
        assertThat(createExecutor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
    }

    private Pool<TestConnection> pool(Connector<TestConnection> connector, Duration probeInterval) {
        Pool<TestConnection> pool = Pool.create(
                PoolConfig.custom()
                        .name("breaker-stress")
                        .maxSize(4)
                        .createExecutor(createExecutor)
                        .createBackoff(Backoff.fixed(Duration.ofMillis(5)))
                        .breaker(CircuitBreakerConfig.custom()
                                .consecutiveFailureThreshold(3)
                                .openBackoff(Backoff.fixed(probeInterval))
                                .build())
                        .listener(new PoolListener() {
                            @Override
                            public void onBreakerStateChanged(
                                    String pool, CircuitBreaker.State from, CircuitBreaker.State to) {
                                if (to == CircuitBreaker.State.OPEN && openedAt == 0) {
                                    openedAt = System.nanoTime();
                                }
                            }
                        })
                        .build(),
                connector);
        pools.add(pool);
        return pool;
    }

    @Test
    @Timeout(30)
    void whileTheBreakerIsOpenEveryCallerFailsWithinMillisecondsAndThePoolServesSoonAfterTheBackendReturns()
            throws Exception {
        Pool<TestConnection> pool = pool(connector, PROBE_INTERVAL);
        CompletableFuture<Lease<TestConnection>> driver =
                pool.acquireAsync(CALLER_TIMEOUT, Runnable::run).toCompletableFuture();
        Await.until(Duration.ofSeconds(5), () -> pool.breakerState() == CircuitBreaker.State.OPEN);
        Await.until(Duration.ofSeconds(5), driver::isDone);
        assertThat(driver).isCompletedExceptionally();

        Result[] results = callAll(pool);

        assertAllUnavailableWithTheConnectError(results);
        long[] nanos = Arrays.stream(results).mapToLong(Result::nanos).sorted().toArray();
        System.out.println("breaker open, " + CALLERS + " callers refused in " + percentiles(nanos));
        assertThat(Duration.ofNanos(nanos[nanos.length - 1]))
                .as("slowest refusal of %d callers while open: %s", CALLERS, percentiles(nanos))
                .isLessThan(Duration.ofMillis(50));

        long backendUp = System.nanoTime();
        connector.backendUp();
        long servedAfter = -1;
        while (System.nanoTime() - backendUp < Duration.ofSeconds(3).toNanos()) {
            try (Lease<TestConnection> lease = pool.acquire(Duration.ofSeconds(1))) {
                assertThat(lease.connection().isClosed()).isFalse();
                servedAfter = System.nanoTime() - backendUp;
                break;
            } catch (PoolUnavailableException stillOpen) {
                LockSupport.parkNanos(1_000_000);
            }
        }
        System.out.println("breaker open, first lease " + servedAfter / 1_000_000 + " ms after the backend's return");
        assertThat(servedAfter)
                .as("served at all within 3 s of the backend's return")
                .isNotNegative();
        assertThat(Duration.ofNanos(servedAfter))
                .as("from backendUp to the first lease, with probes every %s", PROBE_INTERVAL)
                .isLessThan(PROBE_INTERVAL.plusMillis(200));
        assertThat(pool.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /**
     * The probe interval is longer than the callers' timeout on purpose: a waiter the fail-fast
     * missed would then show as a 5 s timeout instead of being rescued by the next probe.
     */
    @Test
    @Timeout(30)
    void callersAlreadyWaitingWhenTheBreakerOpensAllFailAsSoonAsItOpens() throws Exception {
        CountDownLatch allQueued = new CountDownLatch(1);
        Connector<TestConnection> gated = new Connector<>() {
            @Override
            public TestConnection create() throws Exception {
                allQueued.await(); // creation fails only once every caller waits
                return connector.create();
            }

            @Override
            public void close(TestConnection connection) {
                connector.close(connection);
            }
        };
        Pool<TestConnection> pool = pool(gated, Duration.ofSeconds(10));

        Result[] results = new Result[CALLERS];
        List<Thread> callers = startCallers(pool, results);
        Await.until(Duration.ofSeconds(10), () -> pool.stats().pending() == CALLERS);
        assertThat(pool.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        long released = System.nanoTime();
        allQueued.countDown();
        joinAll(callers, Duration.ofSeconds(15));
        long lastFailed =
                Arrays.stream(results).mapToLong(Result::endedAt).max().orElseThrow();

        System.out.println("callers queued before opening: last failed "
                + (lastFailed - released) / 1_000_000 + " ms after the gate opened, "
                + (lastFailed - openedAt) / 1_000_000 + " ms after the breaker opened");
        assertAllUnavailableWithTheConnectError(results);
        long[] sinceOpen = Arrays.stream(results)
                .mapToLong(r -> r.endedAt() - openedAt)
                .sorted()
                .toArray();
        assertThat(openedAt).as("the breaker opened").isPositive();
        assertThat(Duration.ofNanos(lastFailed - released))
                .as(
                        "from the first failing creation to the last caller's failure; after the breaker opened: %s",
                        percentiles(sinceOpen))
                .isLessThan(Duration.ofSeconds(2));
    }

    private record Result(long nanos, long endedAt, Throwable error) {}

    private Result[] callAll(Pool<TestConnection> pool) throws InterruptedException {
        Result[] results = new Result[CALLERS];
        joinAll(startCallers(pool, results), Duration.ofSeconds(15));
        return results;
    }

    private static List<Thread> startCallers(Pool<TestConnection> pool, Result[] results) {
        List<Thread> callers = new ArrayList<>(CALLERS);
        for (int i = 0; i < CALLERS; i++) {
            int me = i;
            callers.add(Thread.ofVirtual().name("breaker-caller-" + i).start(() -> {
                long start = System.nanoTime();
                Throwable error = null;
                try (Lease<TestConnection> lease = pool.acquire(CALLER_TIMEOUT)) {
                    lease.connection();
                } catch (Throwable t) {
                    error = t;
                }
                long end = System.nanoTime();
                results[me] = new Result(end - start, end, error);
            }));
        }
        return callers;
    }

    private static void joinAll(List<Thread> threads, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread t : threads) {
            boolean ended = t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(ended).as("%s still running after %s", t, bound).isTrue();
        }
    }

    private void assertAllUnavailableWithTheConnectError(Result[] results) {
        Map<String, Long> outcomes = Arrays.stream(results)
                .collect(Collectors.groupingBy(
                        r -> r.error() == null
                                ? "lease"
                                : r.error().getClass().getSimpleName() + " caused by "
                                        + (r.error().getCause() == refused
                                                ? "the connect error"
                                                : r.error().getCause()),
                        Collectors.counting()));
        assertThat(outcomes)
                .as("what %d callers got", CALLERS)
                .containsOnlyKeys("PoolUnavailableException caused by the connect error");
    }

    private static String percentiles(long[] sortedNanos) {
        Function<Double, String> at = q -> String.format(
                "%.2f ms",
                sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.floor(q * sortedNanos.length))] / 1e6);
        return "p50=" + at.apply(0.5) + " p99=" + at.apply(0.99) + " p100=" + at.apply(1.0);
    }
}
