package io.berth.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A batch of virtual threads, each running acquire + immediate release in a loop: either a fixed
 * number of cycles per thread ({@link #fixed}) or until told to stop ({@link #timed}).
 *
 * <p>The threads are started and waiting at a gate before the batch is returned, so creating and
 * starting them is not part of what {@link #runAll()} or {@link #runFor} measure. Each thread counts
 * its own completed cycles in a local and publishes the count once, at the end.
 *
 * <p>Public for the JDBC benchmarks in {@code io.berth.benchmarks.jdbc}.
 */
public final class VirtualBatch {

    /** One acquire + release; returns something of the connection so the work cannot be elided. */
    @FunctionalInterface
    public interface Cycle {
        int run() throws Exception;
    }

    private final Thread[] threads;
    private final long[] completed;
    private final int cycles;
    private final Cycle cycle;
    private final CountDownLatch ready;
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean stop;
    private volatile Throwable failure;
    private volatile int sink;

    private VirtualBatch(int threadCount, int cycles, Cycle cycle) throws InterruptedException {
        this.threads = new Thread[threadCount];
        this.completed = new long[threadCount];
        this.cycles = cycles;
        this.cycle = cycle;
        this.ready = new CountDownLatch(threadCount);
        for (int i = 0; i < threadCount; i++) {
            int index = i;
            threads[i] = Thread.ofVirtual().name("bench-vt-" + i).start(() -> body(index));
        }
        ready.await();
    }

    /** {@code threadCount} parked virtual threads that will each run exactly {@code cycles}. */
    public static VirtualBatch fixed(int threadCount, int cycles, Cycle cycle) throws InterruptedException {
        if (cycles <= 0) {
            throw new IllegalArgumentException("cycles must be > 0, was " + cycles);
        }
        return new VirtualBatch(threadCount, cycles, cycle);
    }

    /** {@code threadCount} parked virtual threads that will cycle until {@link #runFor} stops them. */
    public static VirtualBatch timed(int threadCount, Cycle cycle) throws InterruptedException {
        return new VirtualBatch(threadCount, 0, cycle);
    }

    private void body(int index) {
        long done = 0;
        int acc = 0;
        try {
            ready.countDown();
            gate.await();
            if (cycles > 0) {
                for (; done < cycles; done++) {
                    acc += cycle.run();
                }
            } else {
                for (; ; ) {
                    acc += cycle.run();
                    if (stop) {
                        break; // this cycle ended after the window closed: not counted
                    }
                    done++;
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
        completed[index] = done;
        if (acc == 0x7fffffff) {
            sink = acc; // practically never: only makes acc (and so the connection reads) observable
        }
    }

    /** Opens the gate and waits for every thread's fixed number of cycles; returns the total. */
    public long runAll() throws InterruptedException {
        gate.countDown();
        joinAll();
        return total();
    }

    /**
     * Opens the gate, lets the threads cycle for {@code window}, stops them and waits for them.
     *
     * @return the measured window in nanoseconds (from opening the gate to raising the stop flag)
     */
    public long runFor(Duration window) throws InterruptedException {
        long start = System.nanoTime();
        gate.countDown();
        Thread.sleep(window);
        stop = true;
        long elapsed = System.nanoTime() - start;
        joinAll();
        return elapsed;
    }

    /** Cycles each thread completed; valid after {@link #runAll()} or {@link #runFor}. */
    public long[] completed() {
        return completed.clone();
    }

    public long total() {
        long sum = 0;
        for (long c : completed) {
            sum += c;
        }
        return sum;
    }

    private void joinAll() throws InterruptedException {
        for (Thread t : threads) {
            if (!t.join(Duration.ofMinutes(2))) {
                throw new IllegalStateException(t.getName() + " still running after 2 min: a pool lost a wake-up?");
            }
        }
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("a virtual thread failed: " + f, f);
        }
    }
}
