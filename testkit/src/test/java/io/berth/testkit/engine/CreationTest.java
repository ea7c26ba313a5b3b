package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolUnavailableException;
import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreaker;
import io.berth.resilience.CircuitBreakerConfig;
import io.berth.testkit.TestConnection;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class CreationTest extends FakeTimePools {
    private static final Duration LONG = Duration.ofMinutes(5);

    private CompletableFuture<Lease<TestConnection>> acquireAsync(Pool<TestConnection> pool) {
        return pool.acquireAsync(LONG, Runnable::run).toCompletableFuture();
    }

    @Test
    void failedCreationIsRetriedAfterTheBackoffDelay() {
        Pool<TestConnection> pool =
                pool(config().maxSize(1).breaker(null).createBackoff(Backoff.fixed(Duration.ofMillis(100))));
        connector.failNextCreates(2);
        CompletableFuture<Lease<TestConnection>> waiter = acquireAsync(pool);
        assertThat(connector.createAttempts()).isEqualTo(1);
        scheduler.advance(Duration.ofMillis(99));
        assertThat(connector.createAttempts()).as("still backing off").isEqualTo(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(connector.createAttempts()).isEqualTo(2);
        assertThat(waiter).isNotDone();
        scheduler.advance(Duration.ofMillis(100));
        assertThat(connector.createAttempts()).isEqualTo(3);
        assertThat(waiter).isCompleted();
    }

    @Test
    void creationIsRateLimited() {
        Pool<TestConnection> pool =
                pool(config().minIdle(6).maxSize(6).maxConcurrentCreates(6).createRateLimit(2, 1));
        assertThat(connector.created()).as("the burst").isEqualTo(1);
        scheduler.advance(Duration.ofMillis(500));
        assertThat(connector.created()).isEqualTo(2);
        scheduler.advance(Duration.ofMillis(1000));
        assertThat(connector.created()).isEqualTo(4);
        scheduler.advance(Duration.ofMillis(1000));
        assertThat(connector.created()).isEqualTo(6);
        assertThat(pool.stats().idle()).isEqualTo(6);
    }

    @Test
    void atMostMaxConcurrentCreatesRunAtOnce() throws Exception {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            connector.createDelay(Duration.ofMillis(20));
            Pool<TestConnection> pool = pool(
                    config().minIdle(12).maxSize(12).maxConcurrentCreates(3).createExecutor(executor));
            io.berth.testkit.Await.until(() -> pool.stats().idle() == 12);
            assertThat(connector.maxConcurrentCreates()).isBetween(2, 3);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void waitersFailFastWhileBackendIsDownAndThePoolRecoversByItself() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(2)
                .createBackoff(Backoff.fixed(Duration.ofMillis(100)))
                .breaker(CircuitBreakerConfig.custom()
                        .consecutiveFailureThreshold(3)
                        .openBackoff(Backoff.fixed(Duration.ofSeconds(5)))
                        .build()));
        connector.backendDown(new ConnectException("connection refused: 127.0.0.1:1"));
        List<CompletableFuture<Lease<TestConnection>>> waiters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiters.add(acquireAsync(pool));
        }
        scheduler.advance(Duration.ofMillis(100));
        assertThat(waiters).noneMatch(CompletableFuture::isDone);
        scheduler.advance(Duration.ofMillis(100));
        assertThat(pool.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        for (CompletableFuture<Lease<TestConnection>> w : waiters) {
            assertThatThrownBy(w::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(PoolUnavailableException.class)
                    .hasMessageContaining("pool 'test'")
                    .hasMessageContaining("connection refused")
                    .hasCauseInstanceOf(ConnectException.class);
        }
        assertThatThrownBy(() -> pool.acquire(LONG)).isInstanceOf(PoolUnavailableException.class);
        int attempts = connector.createAttempts();

        scheduler.advance(Duration.ofSeconds(4));
        assertThat(connector.createAttempts()).as("no storm while open").isEqualTo(attempts);
        connector.backendUp();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(pool.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(pool.stats().idle()).as("the probe's connection").isEqualTo(1);
        try (Lease<TestConnection> lease = pool.acquire(Duration.ofSeconds(1))) {
            assertThat(lease.connection().isClosed()).isFalse();
        }
    }

    @Test
    void failedProbeKeepsTheBreakerOpenAndProbesAgainLater() {
        Pool<TestConnection> pool = pool(config().maxSize(2)
                .createBackoff(Backoff.fixed(Duration.ofMillis(10)))
                .breaker(CircuitBreakerConfig.custom()
                        .consecutiveFailureThreshold(1)
                        .openBackoff(Backoff.fixed(Duration.ofSeconds(1)))
                        .build()));
        connector.backendDown(new ConnectException("refused"));
        acquireAsync(pool);
        assertThat(pool.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(connector.createAttempts()).isEqualTo(2);
        assertThat(pool.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(connector.createAttempts()).isEqualTo(3);
        connector.backendUp();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(pool.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(pool.stats().total()).isEqualTo(1);
    }
}
