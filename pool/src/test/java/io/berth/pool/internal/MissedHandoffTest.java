package io.berth.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pool.Connector;
import io.berth.pool.Lease;
import io.berth.pool.PoolConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A return publishes IDLE with a plain release store, so in the instant that store sits in the
 * CPU's store buffer a waiter that queues can miss it, and the returner can miss the waiter. These
 * tests put the pool in exactly the state that race leaves behind (a waiter queued, the entry IDLE,
 * nobody told) and check that the pool's sentinel, which runs every millisecond while anyone waits,
 * serves the waiter long before its timeout. The pool's scheduler here runs tasks only when told.
 */
class MissedHandoffTest {
    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(20);

    /** Tasks the pool schedules, run only when a test says so. */
    private final List<Runnable> scheduled = new CopyOnWriteArrayList<>();

    private final List<Runnable> others = new CopyOnWriteArrayList<>();

    private final DefaultPool<Object> pool = new DefaultPool<>(
            PoolConfig.custom()
                    .name("missed-handoff")
                    .minIdle(0)
                    .maxSize(1)
                    .scheduler((task, delayNanos) -> {
                        // The sentinel's tasks; housekeeping and timeouts are kept but never run.
                        List<Runnable> to = delayNanos == Waiting.SENTINEL_NANOS ? scheduled : others;
                        to.add(task);
                        return () -> to.remove(task);
                    })
                    .build(),
            new Connector<>() {
                @Override
                public Object create() {
                    return new Object();
                }

                @Override
                public void close(Object connection) {}
            },
            null);

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aBlockingWaiterFindsAnEntryPublishedBehindItsBack() throws Exception {
        BorrowedLease<Object> held = (BorrowedLease<Object>) pool.acquire(LONG_TIMEOUT);
        AtomicReference<Object> got = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        long[] waitedNanos = new long[1];
        Thread waiter = Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            try (Lease<Object> lease = pool.acquire(LONG_TIMEOUT)) {
                waitedNanos[0] = System.nanoTime() - start;
                got.set(lease.connection());
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        awaitQueuedWaiters(1);

        missedReturn(held);
        assertThat(pool.stats().pending()).as("nobody looked yet").isEqualTo(1);
        runScheduled(); // the sentinel

        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(failed.get()).isNull();
        assertThat(got.get()).as("the waiter got the connection").isSameAs(held.entry().connection);
        assertThat(waitedNanos[0])
                .as("served by the sentinel, not by its %s timeout", LONG_TIMEOUT)
                .isLessThan(Duration.ofSeconds(10).toNanos());
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(pool.stats().pending()).isZero();
    }

    @Test
    void anAsyncWaiterFindsAnEntryPublishedBehindItsBack() throws Exception {
        BorrowedLease<Object> held = (BorrowedLease<Object>) pool.acquire(LONG_TIMEOUT);
        CompletableFuture<Lease<Object>> waiting =
                pool.acquireAsync(LONG_TIMEOUT, Runnable::run).toCompletableFuture();
        assertThat(waiting).isNotDone();
        assertThat(pool.stats().pending()).isEqualTo(1);

        missedReturn(held);
        assertThat(waiting).as("nothing looked yet").isNotDone();

        runScheduled(); // the sentinel, due 1 ms after the waiter queued
        Lease<Object> lease = waiting.get(10, TimeUnit.SECONDS);
        assertThat(lease.connection()).isSameAs(held.entry().connection);
        lease.close();
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(pool.stats().pending()).isZero();
    }

    @Test
    void aWaiterServedBeforeItsSecondLookIsNotServedTwice() throws Exception {
        Lease<Object> held = pool.acquire(LONG_TIMEOUT);
        CompletableFuture<Lease<Object>> waiting =
                pool.acquireAsync(LONG_TIMEOUT, Runnable::run).toCompletableFuture();
        held.close(); // an ordinary return sees the waiter and hands over at once
        Lease<Object> lease = waiting.get(10, TimeUnit.SECONDS);
        runScheduled(); // a sentinel that finds nobody waiting does nothing and stops
        assertThat(pool.stats().leased()).isEqualTo(1);
        assertThat(pool.stats().pending()).isZero();
        assertThat(scheduled).as("no sentinel left scheduled").isEmpty();
        lease.close();
        assertThat(pool.stats().idle()).isEqualTo(1);
    }

    @Test
    void theSentinelRunsAgainWhileAnyoneWaitsAndStopsWhenNobodyDoes() throws Exception {
        Lease<Object> held = pool.acquire(LONG_TIMEOUT);
        CompletableFuture<Lease<Object>> first =
                pool.acquireAsync(LONG_TIMEOUT, Runnable::run).toCompletableFuture();
        CompletableFuture<Lease<Object>> second =
                pool.acquireAsync(LONG_TIMEOUT, Runnable::run).toCompletableFuture();
        assertThat(scheduled)
                .as("one sentinel for the pool, not one per waiter")
                .hasSize(1);
        runScheduled();
        assertThat(scheduled).as("armed again: two still wait").hasSize(1);

        held.close();
        first.get(10, TimeUnit.SECONDS).close();
        second.get(10, TimeUnit.SECONDS).close();
        runScheduled();
        assertThat(scheduled).as("nobody waits: no sentinel").isEmpty();

        Lease<Object> again = pool.acquire(LONG_TIMEOUT);
        CompletableFuture<Lease<Object>> third =
                pool.acquireAsync(LONG_TIMEOUT, Runnable::run).toCompletableFuture();
        assertThat(scheduled).as("armed by the next waiter").hasSize(1);
        again.close();
        third.get(10, TimeUnit.SECONDS).close();
    }

    private void runScheduled() {
        for (Runnable task : List.copyOf(scheduled)) {
            scheduled.remove(task);
            task.run();
        }
    }

    /** What the race leaves: the entry IDLE, the waiter queued, and no dispatch. */
    private static void missedReturn(BorrowedLease<Object> held) {
        held.entry().publishIdle(held.stamp());
    }

    private void awaitQueuedWaiters(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.stats().pending() < n) {
            assertThat(System.nanoTime()).as("a waiter queued").isLessThan(deadline);
            Thread.yield();
        }
    }
}
