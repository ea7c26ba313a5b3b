package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.CloseReason;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolException;
import io.berth.pool.PoolListener;
import io.berth.pool.PoolRejectedException;
import io.berth.resilience.CircuitBreaker;
import io.berth.testkit.TestConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ListenerTest extends FakeTimePools {
    private static final Duration T = Duration.ofSeconds(5);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile Throwable leakStack;

    private final PoolListener recorder = new PoolListener() {
        @Override
        public void onAcquired(String pool, long waitNanos) {
            events.add("acquired");
        }

        @Override
        public void onReleased(String pool, long useNanos) {
            events.add("released " + useNanos);
        }

        @Override
        public void onCreated(String pool, long createNanos) {
            events.add("created");
        }

        @Override
        public void onCreateFailed(String pool, Throwable cause) {
            events.add("create failed");
        }

        @Override
        public void onClosed(String pool, CloseReason reason) {
            events.add("closed " + reason);
        }

        @Override
        public void onAcquireTimedOut(String pool, long waitNanos) {
            events.add("timed out");
        }

        @Override
        public void onRejected(String pool, PoolException reason) {
            events.add("rejected " + reason.getClass().getSimpleName());
        }

        @Override
        public void onLeakSuspected(String pool, long heldNanos, Throwable acquiredAt) {
            events.add("leak " + Duration.ofNanos(heldNanos).toSeconds());
            leakStack = acquiredAt;
        }

        @Override
        public void onLeakRecovered(String pool, long heldNanos) {
            events.add("leak recovered " + Duration.ofNanos(heldNanos).toSeconds());
        }

        @Override
        public void onBreakerStateChanged(String pool, CircuitBreaker.State from, CircuitBreaker.State to) {
            events.add("breaker " + to);
        }
    };

    @Test
    void everyLifecycleStepIsAnEvent() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).maxWaiters(1).listener(recorder));
        Lease<TestConnection> lease = pool.acquire(T);
        clock.advance(Duration.ofMillis(7));
        lease.close();
        pool.acquire(T).invalidate();
        assertThat(events)
                .containsExactly(
                        "created", "acquired", "released 7000000", "acquired", "released 0", "closed INVALIDATED");
    }

    @Test
    void timeoutsAndRejectionsAreEvents() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).maxWaiters(1).listener(recorder));
        Lease<TestConnection> held = pool.acquire(T);
        CompletableFuture<Lease<TestConnection>> waiter =
                pool.acquireAsync(Duration.ofSeconds(1), Runnable::run).toCompletableFuture();
        assertThatThrownBy(() -> pool.acquire(T))
                .isInstanceOf(PoolRejectedException.class)
                .hasMessageContaining("maxWaiters=1");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(waiter).isCompletedExceptionally();
        assertThat(events).contains("rejected PoolRejectedException", "timed out");
        held.close();
    }

    @Test
    void leakIsReportedOnceWithTheBorrowersStackAndAgainWhenRecovered() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1)
                .leakDetectionThreshold(Duration.ofSeconds(2))
                .listener(recorder));
        Lease<TestConnection> lease = borrowAndForget(pool);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(events).noneMatch(e -> e.startsWith("leak"));
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(events).contains("leak 2");
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(events.stream().filter(e -> e.startsWith("leak ")).count()).isEqualTo(1);
        assertThat(leakStack.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("borrowAndForget"));
        lease.close();
        assertThat(events).contains("leak recovered 13");
    }

    @Test
    void breakerTransitionsAreEvents() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1)
                .listener(recorder)
                .breaker(io.berth.resilience.CircuitBreakerConfig.custom()
                        .consecutiveFailureThreshold(1)
                        .openBackoff(io.berth.resilience.Backoff.fixed(Duration.ofSeconds(1)))
                        .build()));
        connector.backendDown(new java.net.ConnectException("refused"));
        pool.acquireAsync(T, Runnable::run);
        connector.backendUp();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(events).containsSubsequence("create failed", "breaker OPEN", "breaker HALF_OPEN", "breaker CLOSED");
    }

    @Test
    void aThrowingListenerDoesNotBreakThePool() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).listener(new PoolListener() {
            @Override
            public void onAcquired(String p, long w) {
                throw new IllegalStateException("listener bug");
            }
        }));
        try (Lease<TestConnection> lease = pool.acquire(T)) {
            assertThat(lease.connection()).isNotNull();
        }
        assertThat(pool.stats().idle()).isEqualTo(1);
    }

    private Lease<TestConnection> borrowAndForget(Pool<TestConnection> pool) throws InterruptedException {
        return pool.acquire(T);
    }
}
