package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolUnavailableException;
import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreaker;
import io.berth.resilience.CircuitBreakerConfig;
import io.berth.testkit.TestConnection;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Minimal, deterministic reproductions of what the stress tests found, on fake time and with the
 * order of background tasks chosen by the test.
 */
class StressFindingsTest extends FakeTimePools {
    private static final Duration T = Duration.ofSeconds(1);

    /**
     * Found by {@link PoolStressTest} on 1acc75b, where the backend saw up to maxSize + 4
     * connections open at once: an evicted connection gave up its slot and asked for a replacement
     * before the connector's close had run, both went to the create executor at the same moment, and
     * nothing ordered them. Fixed in daf4b8b (the slot is held until the close completes); this keeps
     * it fixed.
     */
    @Test
    void backendNeverSeesMoreThanMaxSizeConnectionsWhileOneIsReplaced() {
        Deque<Runnable> background = new ArrayDeque<>();
        Pool<TestConnection> pool = pool(config().maxSize(1).createExecutor(background::add));
        CompletableFuture<Lease<TestConnection>> first =
                pool.acquireAsync(T, Runnable::run).toCompletableFuture();
        runAll(background);
        Lease<TestConnection> lease = first.join();
        CompletableFuture<Lease<TestConnection>> second =
                pool.acquireAsync(T, Runnable::run).toCompletableFuture();

        lease.invalidate();
        // A thread-per-task executor runs the close and the replacement's create concurrently; run
        // them in the order that a loaded machine sometimes picks: newest first.
        while (!background.isEmpty()) {
            background.pollLast().run();
        }

        assertThat(second).isCompleted();
        assertThat(connector.maxOpen())
                .as("connections open at the backend at once, with maxSize=1")
                .isLessThanOrEqualTo(1);
    }

    /**
     * Found while reading DefaultPool (daf4b8b) for the stress tests: an async acquire whose
     * connection failed validation retried with the config's acquireTimeout (30 s by default)
     * instead of what was left of the caller's, so with nothing to lend a 100 ms wait became 30 s.
     * Fixed in 2416ee4 (retryAsync takes the caller's timeout); this keeps it fixed.
     */
    @Test
    void asyncAcquireThatMeetsABrokenConnectionStillFailsWithinTheCallersTimeout() {
        Pool<TestConnection> pool =
                pool(config().minIdle(1).maxSize(1).breaker(null).validateIdleAfter(Duration.ofMillis(500)));
        TestConnection idle = connector.connections().get(0);
        scheduler.advance(Duration.ofSeconds(1)); // idle long enough to be validated on borrow
        idle.breakIt();
        connector.backendDown(new ConnectException("connection refused"));

        CompletableFuture<Lease<TestConnection>> waiter =
                pool.acquireAsync(Duration.ofMillis(100), Runnable::run).toCompletableFuture();
        assertThat(idle.isClosed())
                .as("the broken connection was validated and evicted")
                .isTrue();

        scheduler.advance(Duration.ofMillis(200));
        boolean settledInTime = waiter.isDone();
        scheduler.advance(pool.config().acquireTimeout());
        assertThat(settledInTime)
                .as(
                        "settled 200 ms into a 100 ms acquireAsync (config acquireTimeout %s; settled %s later: %s)",
                        pool.config().acquireTimeout(), pool.config().acquireTimeout(), waiter.isDone())
                .isTrue();
        assertThat(waiter.handle((lease, error) -> error).join()).isInstanceOf(AcquireTimeoutException.class);
    }

    /**
     * Found while writing {@link BreakerStressTest}: a caller that passes the breaker check just
     * before a failed probe reopens the breaker, and queues itself just after the reopening drained
     * the waiters, is failed by nobody until the next probe: it waits out its own timeout. The clock
     * hook below runs the failing probe (on another thread) exactly inside that window: during the
     * caller's read of the clock in the breaker check.
     */
    @Test
    void callerArrivingAsAFailedProbeReopensTheBreakerFailsAtOnce() throws Exception {
        Runnable[] hook = {null};
        Pool<TestConnection> pool = pool(config().maxSize(1)
                .clock(() -> {
                    Runnable h = hook[0];
                    hook[0] = null;
                    if (h != null) {
                        h.run();
                    }
                    return clock.nanoTime();
                })
                .createBackoff(Backoff.fixed(Duration.ofMillis(10)))
                .breaker(CircuitBreakerConfig.custom()
                        .consecutiveFailureThreshold(1)
                        .openBackoff(Backoff.fixed(Duration.ofSeconds(10)))
                        .build()));
        connector.backendDown(new ConnectException("connection refused"));
        CompletableFuture<Lease<TestConnection>> first =
                pool.acquireAsync(Duration.ofSeconds(5), Runnable::run).toCompletableFuture();
        assertThat(pool.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(first).isCompletedExceptionally();

        clock.advance(Duration.ofSeconds(10)); // the open interval is over; the probe is due, not yet run
        hook[0] = () -> {
            Thread prober = Thread.ofVirtual().start(scheduler::runDue); // the due probe, which fails
            try {
                assertThat(prober.join(Duration.ofSeconds(5))).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        CompletableFuture<Lease<TestConnection>> caller =
                pool.acquireAsync(Duration.ofSeconds(5), Runnable::run).toCompletableFuture();
        assertThat(hook[0])
                .as("the probe ran inside the caller's breaker check")
                .isNull();
        assertThat(pool.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        boolean failedAtOnce = caller.isDone();

        scheduler.advance(Duration.ofSeconds(5));
        Throwable after5s = caller.handle((lease, error) -> error).getNow(null);
        assertThat(failedAtOnce)
                .as("failed at once with the breaker open again (after its 5 s timeout it had: %s)", after5s)
                .isTrue();
        assertThat(caller.handle((lease, error) -> error).join()).isInstanceOf(PoolUnavailableException.class);
    }

    private static void runAll(Deque<Runnable> tasks) {
        while (!tasks.isEmpty()) {
            tasks.pollFirst().run();
        }
    }
}
