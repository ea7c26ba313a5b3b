package io.berth.testkit.engine;

import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import io.berth.pool.PoolException;
import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreaker;
import io.berth.resilience.CircuitBreakerConfig;
import io.berth.testkit.Await;
import io.berth.testkit.ScriptableConnector;
import io.berth.testkit.TestConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * One bounded stress run against a pool on the real clock and the shared scheduler: many borrowers
 * acquire (blocking, and one time in ten asynchronously), use, and return or invalidate connections
 * until a deadline, while a chaotic connector fails creations and validations and stalls some
 * creations. The run records what every attempt ended in and what a monitor thread saw, closes the
 * pool, and waits (bounded) for every connection to be closed. It asserts nothing itself: the tests
 * do, so that each can say what it expects.
 */
final class PoolStress {
    /** Slack on top of the acquire timeout before an async acquire counts as never completed. */
    static final Duration ASYNC_SLACK = Duration.ofSeconds(5);
    /** Slack on top of deadline + acquire timeout before a worker counts as hanging. */
    static final Duration JOIN_SLACK = Duration.ofSeconds(10);

    private static final Executor DIRECT = Runnable::run;

    /** Who borrows: how many threads, and of which kind. */
    enum Borrowers {
        PLATFORM_64(64, false),
        VIRTUAL_10K(10_000, true);

        final int count;
        final boolean virtual;

        Borrowers(int count, boolean virtual) {
            this.count = count;
            this.virtual = virtual;
        }
    }

    /** The knobs of one run. */
    record Settings(
            int maxSize,
            Borrowers borrowers,
            Duration validateIdleAfter,
            Duration runFor,
            Duration acquireTimeout,
            int asyncPercent,
            int invalidatePercent) {

        static Settings of(int maxSize, Borrowers borrowers, Duration validateIdleAfter) {
            return new Settings(
                    maxSize, borrowers, validateIdleAfter, Duration.ofSeconds(1), Duration.ofMillis(500), 10, 1);
        }

        @Override
        public String toString() {
            return maxSize + " connections, " + borrowers + ", validateIdleAfter=" + validateIdleAfter;
        }
    }

    /** What a run saw. */
    record Outcome(
            Settings settings,
            long attempts,
            long successes,
            long timeouts,
            Map<String, Long> otherPoolFailures,
            long asyncNeverCompleted,
            List<Throwable> unexpected,
            long unexpectedCount,
            long lentTwice,
            long lentClosed,
            int threadsServed,
            List<String> hangingThreads,
            int maxTotalSeen,
            int maxPendingSeen,
            long monitorSamples,
            long capViolationsSeen,
            int maxOpenAtBackend,
            int created,
            int createAttempts,
            int validations,
            int openAfterClose,
            long connectionsNotClosed,
            CircuitBreaker.State breakerAtEnd,
            Duration elapsed) {

        long failures() {
            return timeouts
                    + otherPoolFailures.values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
        }

        @Override
        public String toString() {
            return "[" + settings + "] attempts=" + attempts + " successes=" + successes + " timeouts=" + timeouts
                    + " otherPoolFailures=" + otherPoolFailures + " asyncNeverCompleted=" + asyncNeverCompleted
                    + " unexpected=" + unexpectedCount + " lentTwice=" + lentTwice + " lentClosed=" + lentClosed
                    + " threadsServed=" + threadsServed + "/" + settings.borrowers.count + " hanging="
                    + hangingThreads.size() + " maxTotalSeen=" + maxTotalSeen + " maxPendingSeen=" + maxPendingSeen
                    + " monitorSamples=" + monitorSamples + " capViolationsSeen=" + capViolationsSeen
                    + " maxOpenAtBackend=" + maxOpenAtBackend + " created=" + created + " createAttempts="
                    + createAttempts + " validations=" + validations + " openAfterClose=" + openAfterClose
                    + " connectionsNotClosed=" + connectionsNotClosed + " breakerAtEnd=" + breakerAtEnd + " elapsed="
                    + elapsed.toMillis() + " ms";
        }
    }

    private final Settings settings;
    private final ScriptableConnector connector = new ScriptableConnector().chaos(0.05, 0.02, Duration.ofMillis(2));
    private final LongAdder attempts = new LongAdder();
    private final LongAdder successes = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final Map<String, LongAdder> otherPoolFailures = new ConcurrentHashMap<>();
    private final LongAdder asyncNeverCompleted = new LongAdder();
    private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    private final LongAdder unexpectedCount = new LongAdder();
    private final LongAdder lentTwice = new LongAdder();
    private final LongAdder lentClosed = new LongAdder();
    private final AtomicInteger threadsServed = new AtomicInteger();
    private volatile boolean monitoring = true;

    private PoolStress(Settings settings) {
        this.settings = settings;
    }

    static Outcome run(Settings settings) throws InterruptedException {
        return new PoolStress(settings).run();
    }

    private Outcome run() throws InterruptedException {
        long began = System.nanoTime();
        ExecutorService createExecutor = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService asyncExecutor = Executors.newFixedThreadPool(
                2, Thread.ofPlatform().daemon().name("stress-async-", 0).factory());
        PoolConfig config = PoolConfig.custom()
                .name("stress-" + settings.maxSize + "-" + settings.borrowers)
                .maxSize(settings.maxSize)
                // Also the bound of the async retry after a failed validation (DefaultPool.retryAsync
                // reads the config's timeout, not the caller's): keep them equal here.
                .acquireTimeout(settings.acquireTimeout)
                .validateIdleAfter(settings.validateIdleAfter)
                .createExecutor(createExecutor)
                .asyncExecutor(asyncExecutor)
                // Short backoff: the default (50 ms doubling) would leave a small pool empty for most
                // of a one-second run at 5 % creation failures; we want churn, not idleness.
                .createBackoff(Backoff.exponential(Duration.ofMillis(1), 2.0, 0.2, Duration.ofMillis(20)))
                // A breaker that chaos cannot open (5 % failures never reach 1,000 in a row nor 100 %
                // of a window of 100), so its checks run on every slow borrow, but every failure
                // the borrowers see must be a timeout; a PoolUnavailableException would be a bug.
                .breaker(CircuitBreakerConfig.custom()
                        .consecutiveFailureThreshold(1_000)
                        .failureRateThreshold(100)
                        .slidingWindowSize(100)
                        .minimumNumberOfCalls(100)
                        .build())
                .build();
        Pool<TestConnection> pool = Pool.create(config, connector);

        int[] maxTotal = {0};
        int[] maxPending = {0};
        long[] samples = {0};
        long[] capViolations = {0};
        Thread monitor = Thread.ofPlatform().daemon().name("stress-monitor").start(() -> {
            while (monitoring) {
                var stats = pool.stats();
                maxTotal[0] = Math.max(maxTotal[0], stats.total());
                maxPending[0] = Math.max(maxPending[0], stats.pending());
                if (stats.total() > settings.maxSize) {
                    capViolations[0]++;
                }
                samples[0]++;
                LockSupport.parkNanos(100_000);
            }
        });

        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        Thread.Builder builder = settings.borrowers.virtual
                ? Thread.ofVirtual().name("stress-v-", 0)
                : Thread.ofPlatform().daemon().name("stress-p-", 0);
        List<Thread> workers = new ArrayList<>(settings.borrowers.count);
        for (int i = 0; i < settings.borrowers.count; i++) {
            workers.add(builder.start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                borrowUntil(pool, asyncExecutor, deadline[0]);
            }));
        }
        deadline[0] = System.nanoTime() + settings.runFor.toNanos();
        go.countDown(); // publishes deadline[0] to the workers

        long joinBy = deadline[0] + settings.acquireTimeout.toNanos() + ASYNC_SLACK.toNanos() + JOIN_SLACK.toNanos();
        List<String> hanging = new ArrayList<>();
        for (Thread t : workers) {
            // join's answer, not isAlive(): see CloseUnderLoadTest for the JDK's window between them.
            boolean ended = t.join(Duration.ofNanos(Math.max(1, joinBy - System.nanoTime())));
            if (!ended) {
                if (hanging.size() < 5) {
                    hanging.add(t + " at " + Arrays.toString(t.getStackTrace()));
                } else {
                    hanging.add(t.toString());
                }
                t.interrupt();
            }
        }
        monitoring = false;
        monitor.join();
        CircuitBreaker.State breakerAtEnd = pool.breakerState();

        pool.close();
        int openAfterClose;
        try {
            Await.until(Duration.ofSeconds(10), () -> connector.open() == 0);
            openAfterClose = 0;
        } catch (AssertionError notClosed) {
            openAfterClose = connector.open();
        }
        createExecutor.shutdown();
        asyncExecutor.shutdown();
        createExecutor.awaitTermination(5, TimeUnit.SECONDS);
        asyncExecutor.awaitTermination(5, TimeUnit.SECONDS);

        return new Outcome(
                settings,
                attempts.sum(),
                successes.sum(),
                timeouts.sum(),
                otherPoolFailures.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().sum())),
                asyncNeverCompleted.sum(),
                unexpected.stream().limit(5).toList(),
                unexpectedCount.sum(),
                lentTwice.sum(),
                lentClosed.sum(),
                threadsServed.get(),
                hanging,
                maxTotal[0],
                maxPending[0],
                samples[0],
                capViolations[0],
                connector.maxOpen(),
                connector.created(),
                connector.createAttempts(),
                connector.validations(),
                openAfterClose,
                connector.connections().stream().filter(c -> !c.isClosed()).count(),
                breakerAtEnd,
                Duration.ofNanos(System.nanoTime() - began));
    }

    private void borrowUntil(Pool<TestConnection> pool, Executor asyncExecutor, long deadline) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        boolean served = false;
        while (System.nanoTime() - deadline < 0) {
            attempts.increment();
            Lease<TestConnection> lease;
            try {
                lease = rnd.nextInt(100) < settings.asyncPercent
                        ? acquireAsync(pool, rnd.nextBoolean() ? DIRECT : asyncExecutor)
                        : pool.acquire(settings.acquireTimeout);
            } catch (AsyncNeverCompleted e) {
                asyncNeverCompleted.increment();
                continue;
            } catch (AcquireTimeoutException e) {
                timeouts.increment();
                continue;
            } catch (PoolException e) {
                otherPoolFailures
                        .computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder())
                        .increment();
                continue;
            } catch (Throwable t) {
                unexpected(t);
                continue;
            }
            successes.increment();
            if (!served) {
                served = true;
                threadsServed.incrementAndGet();
            }
            try {
                use(lease, rnd);
            } catch (Throwable t) {
                unexpected(t);
            }
        }
    }

    private void use(Lease<TestConnection> lease, ThreadLocalRandom rnd) {
        TestConnection c = lease.connection();
        if (!c.beginUse()) {
            lentTwice.increment();
        }
        if (c.isClosed()) {
            lentClosed.increment();
        }
        try {
            int r = rnd.nextInt(100);
            if (r < 5) {
                Thread.yield();
            } else if (r < 7) {
                LockSupport.parkNanos(rnd.nextLong(1_000, 50_000));
            }
        } finally {
            c.endUse();
        }
        if (rnd.nextInt(100) < settings.invalidatePercent) {
            lease.invalidate();
        } else {
            lease.close();
        }
    }

    private Lease<TestConnection> acquireAsync(Pool<TestConnection> pool, Executor executor)
            throws InterruptedException {
        CompletableFuture<Lease<TestConnection>> future =
                pool.acquireAsync(settings.acquireTimeout, executor).toCompletableFuture();
        try {
            return future.get(settings.acquireTimeout.plus(ASYNC_SLACK).toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("acquireAsync failed with a checked exception", e.getCause());
        } catch (TimeoutException e) {
            // Give back a lease that arrives after all, so the pool can still be closed cleanly.
            future.thenAccept(Lease::close);
            throw new AsyncNeverCompleted();
        }
    }

    private void unexpected(Throwable t) {
        unexpectedCount.increment();
        if (unexpected.size() < 5) {
            unexpected.add(t);
        }
    }

    /** The async acquire neither completed nor failed within its timeout plus slack. */
    private static final class AsyncNeverCompleted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AsyncNeverCompleted() {
            super(null, null, false, false);
        }
    }
}
