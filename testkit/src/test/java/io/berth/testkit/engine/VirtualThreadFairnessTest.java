package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import io.berth.testkit.ScriptableConnector;
import io.berth.testkit.TestConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * 1,000 virtual threads that return each lease at once never wait in the pool's queue (with two
 * carriers only two run at a time), so fairness has to come from the pool stepping aside; without
 * it two threads take every lease and 998 starve.
 */
class VirtualThreadFairnessTest {
    private static final int THREADS = 1_000;

    @Test
    void everyVirtualThreadIsServedWhenLeasesAreReturnedAtOnce() throws Exception {
        ScriptableConnector connector = new ScriptableConnector();
        PoolConfig config = PoolConfig.custom()
                .name("fairness")
                .minIdle(10)
                .maxSize(10)
                .validateIdleAfter(Duration.ZERO)
                .build();
        AtomicLongArray cycles = new AtomicLongArray(THREADS);
        AtomicBoolean stop = new AtomicBoolean();
        long[] window = new long[THREADS];
        try (Pool<TestConnection> pool = Pool.create(config, connector)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int me = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        try (Lease<TestConnection> lease = pool.acquire(Duration.ofSeconds(5))) {
                            cycles.incrementAndGet(me);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            // Warm-up: until every thread has had a lease (the JIT compiles, the carriers' queues
            // settle), at most 10 s; a thread still waiting then is starved. Then a measured window.
            io.berth.testkit.Await.until(Duration.ofSeconds(10), () -> served(cycles, new long[THREADS]) == THREADS);
            long[] before = new long[THREADS];
            for (int i = 0; i < THREADS; i++) {
                before[i] = cycles.get(i);
            }
            // Half a second measured (park may return early: loop to the deadline).
            long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
            for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
            for (int i = 0; i < THREADS; i++) {
                window[i] = cycles.get(i) - before[i];
            }
            stop.set(true);
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(10))).as("thread finished").isTrue();
            }
        }
        double sum = 0;
        double squares = 0;
        int served = 0;
        for (int i = 0; i < THREADS; i++) {
            long c = window[i];
            sum += c;
            squares += (double) c * c;
            served += c > 0 ? 1 : 0;
        }
        double jain = sum * sum / (THREADS * squares);
        assertThat(served)
                .as("threads that got a lease in the measured half second")
                .isEqualTo(THREADS);
        assertThat(jain).as("Jain's fairness index over %d threads", THREADS).isGreaterThanOrEqualTo(0.9);
    }

    /** How many threads have had at least one lease since {@code from}. */
    private static int served(AtomicLongArray cycles, long[] from) {
        int n = 0;
        for (int i = 0; i < from.length; i++) {
            n += cycles.get(i) > from[i] ? 1 : 0;
        }
        return n;
    }
}
