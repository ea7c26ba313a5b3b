package io.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.Connector;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolClosedException;
import io.berth.pool.PoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Pool} implementation keeps. Extend it and implement {@link #newPool}; the
 * tests use a {@link ScriptableConnector} and bounded waits only.
 */
public abstract class PoolCompatibilityKit {
    private static final Duration WAIT = Duration.ofSeconds(10);

    protected final ScriptableConnector connector = new ScriptableConnector();
    private final List<Pool<?>> pools = new ArrayList<>();

    /** Builds the implementation under test from {@code config} and {@code connector}. */
    protected abstract <C> Pool<C> newPool(PoolConfig config, Connector<C> connector);

    protected Pool<TestConnection> pool(PoolConfig.Builder config) {
        Pool<TestConnection> pool = newPool(config.build(), connector);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void closePools() {
        pools.forEach(Pool::close);
    }

    @Test
    public void leaseGivesAConnectionAndCloseReturnsIt() throws Exception {
        Pool<TestConnection> pool = pool(PoolConfig.custom().maxSize(2));
        TestConnection first;
        try (Lease<TestConnection> lease = pool.acquire(WAIT)) {
            first = lease.connection();
            assertThat(first).isNotNull();
            assertThat(pool.stats().leased()).isEqualTo(1);
        }
        assertThat(pool.stats().leased()).isZero();
        try (Lease<TestConnection> lease = pool.acquire(WAIT)) {
            assertThat(lease.connection()).isSameAs(first);
        }
    }

    @Test
    public void returningALeaseTwiceThrowsAndLeavesThePoolIntact() throws Exception {
        Pool<TestConnection> pool = pool(PoolConfig.custom().maxSize(1));
        Lease<TestConnection> stale = pool.acquire(WAIT);
        stale.close();
        assertThatThrownBy(stale::close).isInstanceOf(IllegalStateException.class);
        try (Lease<TestConnection> current = pool.acquire(WAIT)) {
            assertThatThrownBy(stale::close).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(stale::invalidate).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(stale::connection).isInstanceOf(IllegalStateException.class);
            assertThat(current.connection().isClosed()).isFalse();
            assertThat(pool.stats().leased()).isEqualTo(1);
        }
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(connector.created()).isEqualTo(1);
    }

    @Test
    public void invalidateClosesTheConnection() throws Exception {
        Pool<TestConnection> pool = pool(PoolConfig.custom().maxSize(1));
        Lease<TestConnection> lease = pool.acquire(WAIT);
        TestConnection c = lease.connection();
        lease.invalidate();
        try (Lease<TestConnection> next = pool.acquire(WAIT)) {
            assertThat(next.connection()).isNotSameAs(c);
        }
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    public void acquireTimesOutWhenEveryConnectionIsLeased() throws Exception {
        Pool<TestConnection> pool = pool(PoolConfig.custom().maxSize(1));
        try (Lease<TestConnection> held = pool.acquire(WAIT)) {
            assertThat(held.connection()).isNotNull();
            assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(20)))
                    .isInstanceOf(AcquireTimeoutException.class)
                    .hasMessageContaining(pool.config().name());
        }
    }

    @Test
    public void aReturnedConnectionGoesToTheOldestWaiter() throws Exception {
        Pool<TestConnection> pool = pool(PoolConfig.custom().maxSize(1));
        Lease<TestConnection> held = pool.acquire(WAIT);
        List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            Thread t = Thread.ofPlatform().start(() -> {
                try (Lease<TestConnection> lease = pool.acquire(WAIT)) {
                    order.add(n);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(t);
            Await.until(() -> pool.stats().pending() == n + 1);
        }
        held.close();
        for (Thread t : threads) {
            t.join(WAIT.toMillis());
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    public void asyncAcquireCompletesOnTheGivenExecutor() throws Exception {
        Pool<TestConnection> pool = pool(PoolConfig.custom().maxSize(1));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "kit-async"));
        try {
            Lease<TestConnection> held = pool.acquire(WAIT);
            CompletableFuture<String> thread = pool.acquireAsync(WAIT, executor)
                    .thenApply(lease -> {
                        lease.close();
                        return Thread.currentThread().getName();
                    })
                    .toCompletableFuture();
            Await.until(() -> pool.stats().pending() == 1);
            assertThat(thread).isNotDone();
            held.close();
            assertThat(thread.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("kit-async");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    public void asyncAndBlockingWaitersShareOneQueue() throws Exception {
        Pool<TestConnection> pool = pool(PoolConfig.custom().maxSize(1));
        Lease<TestConnection> held = pool.acquire(WAIT);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        Executor direct = Runnable::run;
        CompletableFuture<Void> first = pool.acquireAsync(WAIT, direct)
                .thenAccept(lease -> {
                    order.add("async-1");
                    lease.close();
                })
                .toCompletableFuture();
        Await.until(() -> pool.stats().pending() == 1);
        Thread blocking = Thread.ofPlatform().start(() -> {
            try (Lease<TestConnection> lease = pool.acquire(WAIT)) {
                order.add("blocking-2");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.until(() -> pool.stats().pending() == 2);
        CompletableFuture<Void> third = pool.acquireAsync(WAIT, direct)
                .thenAccept(lease -> {
                    order.add("async-3");
                    lease.close();
                })
                .toCompletableFuture();
        Await.until(() -> pool.stats().pending() == 3);
        held.close();
        first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        blocking.join(WAIT.toMillis());
        third.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(order).containsExactly("async-1", "blocking-2", "async-3");
    }

    @Test
    public void neverOpensMoreThanMaxSizeUnderConcurrency() throws Exception {
        Pool<TestConnection> pool = pool(PoolConfig.custom().maxSize(3));
        AtomicInteger lentTwice = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(8);
        for (int t = 0; t < 8; t++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        try (Lease<TestConnection> lease = pool.acquire(WAIT)) {
                            if (!lease.connection().beginUse()) {
                                lentTwice.incrementAndGet();
                            }
                            Thread.yield();
                            lease.connection().endUse();
                        }
                    }
                } catch (Exception e) {
                    failed.set(true);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(failed).isFalse();
        assertThat(lentTwice).hasValue(0);
        assertThat(connector.maxOpen()).isLessThanOrEqualTo(3);
    }

    @Test
    public void closeFailsWaitersAndNewCallers() throws Exception {
        Pool<TestConnection> pool = pool(PoolConfig.custom().maxSize(1));
        Lease<TestConnection> held = pool.acquire(WAIT);
        CompletableFuture<Lease<TestConnection>> waiter =
                pool.acquireAsync(WAIT, Runnable::run).toCompletableFuture();
        Await.until(() -> pool.stats().pending() == 1);
        pool.close();
        assertThatThrownBy(() -> waiter.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> pool.acquire(WAIT)).isInstanceOf(PoolClosedException.class);
        TestConnection c = held.connection();
        held.close();
        Await.until(c::isClosed);
        assertThat(connector.open()).isZero();
    }
}
