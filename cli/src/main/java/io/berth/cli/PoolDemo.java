package io.berth.cli;

import io.berth.pool.Connector;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import io.berth.pool.PoolException;
import io.berth.pool.PoolStats;
import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreakerConfig;
import java.io.PrintStream;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A short show of the engine: 1,000 virtual threads share 10 simulated connections (opening one
 * takes 5 ms, each use holds it 200 µs); a third of the way in the backend goes down for a while.
 * Every half second it prints what an operator would watch: leased, idle, waiting, breaker, and
 * how callers fared. At the end: throughput, fairness across threads, and what happened during the
 * outage (fast failures instead of 2 s timeouts, and recovery without a restart).
 */
final class PoolDemo {
    private static final int THREADS = 1_000;
    private static final int CONNECTIONS = 10;

    private final PrintStream out;
    private final Duration length;
    private volatile boolean backendUp = true;

    PoolDemo(PrintStream out, Duration length) {
        this.out = out;
        this.length = length;
    }

    private final class SimulatedBackend implements Connector<Integer> {
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public Integer create() throws Exception {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            if (!backendUp) {
                throw new ConnectException("connection refused (simulated backend is down)");
            }
            return ids.incrementAndGet();
        }

        @Override
        public boolean validate(Integer connection, Duration timeout) {
            return backendUp;
        }

        @Override
        public void close(Integer connection) {}
    }

    int run() throws InterruptedException {
        PoolConfig config = PoolConfig.custom()
                .name("demo")
                .minIdle(CONNECTIONS)
                .maxSize(CONNECTIONS)
                .acquireTimeout(Duration.ofSeconds(2))
                .validateIdleAfter(Duration.ofMillis(100))
                .createBackoff(Backoff.exponential(Duration.ofMillis(20), 2.0, 0.2, Duration.ofMillis(200)))
                .breaker(CircuitBreakerConfig.custom()
                        .consecutiveFailureThreshold(3)
                        .openBackoff(Backoff.fixed(Duration.ofMillis(250)))
                        .build())
                .build();
        LongAdder served = new LongAdder();
        LongAdder failedFast = new LongAdder();
        LongAdder timedOut = new LongAdder();
        AtomicLong slowestFailureNanos = new AtomicLong();
        long[] perThread = new long[THREADS];
        long end = System.nanoTime() + length.toNanos();
        out.printf(
                "berth demo: %d virtual threads, %d connections, %d s; the backend goes down at %.1f s%n",
                THREADS, CONNECTIONS, length.toSeconds(), length.toMillis() / 3000.0);
        try (Pool<Integer> pool = Pool.create(config, new SimulatedBackend())) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int me = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        try (Lease<Integer> lease = pool.acquire()) {
                            LockSupport.parkNanos(200_000);
                            perThread[me]++;
                            served.increment();
                        } catch (PoolException e) {
                            long took = System.nanoTime() - start;
                            slowestFailureNanos.accumulateAndGet(took, Math::max);
                            (e instanceof io.berth.pool.AcquireTimeoutException ? timedOut : failedFast).increment();
                            LockSupport.parkNanos(20_000_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            watch(pool, end, served, failedFast, timedOut);
            for (Thread t : threads) {
                t.join();
            }
            long total = served.sum();
            out.printf(
                    "served %,d leases (%.1f per ms); failed fast during the outage: %,d; timed out: %,d; "
                            + "slowest failure %d ms%n",
                    total,
                    total / (double) length.toMillis(),
                    failedFast.sum(),
                    timedOut.sum(),
                    slowestFailureNanos.get() / 1_000_000);
            out.printf(
                    "fairness across %d threads (Jain's index, 1.0 = perfectly even): %.3f%n",
                    THREADS, jain(perThread));
            PoolStats s = pool.stats();
            out.printf(
                    "after the outage the pool recovered by itself: %d open, breaker %s%n",
                    s.total(), pool.breakerState());
            return s.total() > 0 ? 0 : 1;
        }
    }

    private void watch(Pool<Integer> pool, long end, LongAdder served, LongAdder failedFast, LongAdder timedOut) {
        long start = System.nanoTime();
        long outageStart = start + length.toNanos() / 3;
        long outageEnd = start + length.toNanos() * 2 / 3;
        long last = 0;
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(500_000_000);
            long now = System.nanoTime();
            if (backendUp && now >= outageStart && now < outageEnd) {
                backendUp = false;
                pool.evictAll(); // what a failover looks like: every session dropped
                out.println("  -- backend down --");
            } else if (!backendUp && now >= outageEnd) {
                backendUp = true;
                out.println("  -- backend back --");
            }
            PoolStats s = pool.stats();
            long total = served.sum();
            out.printf(
                    "  t=%4.1fs leased=%2d idle=%2d waiting=%4d breaker=%-9s served/s=%,8d failed-fast=%,6d timed-out=%,d%n",
                    (now - start) / 1e9,
                    s.leased(),
                    s.idle(),
                    s.pending(),
                    pool.breakerState(),
                    (total - last) * 2,
                    failedFast.sum(),
                    timedOut.sum());
            last = total;
        }
    }

    private static double jain(long[] x) {
        double sum = 0;
        double squares = 0;
        for (long v : x) {
            sum += v;
            squares += (double) v * v;
        }
        return squares == 0 ? 0 : sum * sum / (x.length * squares);
    }
}
