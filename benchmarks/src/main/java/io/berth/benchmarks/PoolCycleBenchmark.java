package io.berth.benchmarks;

import io.berth.benchmarks.Pools.Conn;
import io.berth.benchmarks.Pools.StormpotConn;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The generic pool cycle: borrow a connection from a warm pool of 32 and give it straight back, at
 * 1, 2 and 4 threads, for Berth, commons-pool2 and Stormpot, plus a floor that no shared pool can
 * beat: a thread-confined deque of 32 connections (take and put back, no sharing, no atomics).
 *
 * <p>Every thread count is its own method with {@code @Threads}, so one JMH invocation runs the
 * whole matrix (each method in its own fork). Passing {@code -t} on the command line overrides
 * the annotations for every method; do not.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class PoolCycleBenchmark {
    static final int SIZE = 32;

    @State(Scope.Benchmark)
    public static class BerthPool {
        Pool<Conn> pool;

        @Setup(Level.Trial)
        public void open() {
            pool = Pools.berth(SIZE);
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    @State(Scope.Benchmark)
    public static class CommonsPool {
        GenericObjectPool<Conn> pool;

        @Setup(Level.Trial)
        public void open() {
            pool = Pools.commons(SIZE);
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    @State(Scope.Benchmark)
    public static class StormpotPool {
        stormpot.Pool<StormpotConn> pool;

        @Setup(Level.Trial)
        public void open() {
            pool = Pools.stormpot(SIZE);
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            Pools.closeStormpot(pool);
        }
    }

    /** One deque per thread: the cost of a take and a put with nothing shared. */
    @State(Scope.Thread)
    public static class Floor {
        ArrayDeque<Conn> idle;

        @Setup(Level.Trial)
        public void open() {
            idle = new ArrayDeque<>(SIZE);
            for (int i = 0; i < SIZE; i++) {
                idle.addFirst(new Conn());
            }
        }
    }

    // ---- the cycles ----------------------------------------------------------------------------

    private static void berth(BerthPool p, Blackhole bh) throws InterruptedException {
        try (Lease<Conn> lease = p.pool.acquire(Pools.TIMEOUT)) {
            bh.consume(lease.connection());
        }
    }

    private static void commons(CommonsPool p, Blackhole bh) throws Exception {
        Conn c = p.pool.borrowObject(Pools.TIMEOUT);
        bh.consume(c);
        p.pool.returnObject(c);
    }

    private static void stormpot(StormpotPool p, Blackhole bh) throws InterruptedException {
        StormpotConn c = p.pool.claim(Pools.STORMPOT_TIMEOUT);
        if (c == null) {
            throw new IllegalStateException("stormpot: claim timed out");
        }
        bh.consume(c);
        c.release();
    }

    private static void floor(Floor f, Blackhole bh) {
        Conn c = f.idle.pollFirst();
        bh.consume(c);
        f.idle.addFirst(c);
    }

    // ---- one method per pool and thread count ---------------------------------------------------

    @Benchmark
    @Threads(1)
    public void berth_1(BerthPool p, Blackhole bh) throws InterruptedException {
        berth(p, bh);
    }

    @Benchmark
    @Threads(2)
    public void berth_2(BerthPool p, Blackhole bh) throws InterruptedException {
        berth(p, bh);
    }

    @Benchmark
    @Threads(4)
    public void berth_4(BerthPool p, Blackhole bh) throws InterruptedException {
        berth(p, bh);
    }

    @Benchmark
    @Threads(1)
    public void commonsPool2_1(CommonsPool p, Blackhole bh) throws Exception {
        commons(p, bh);
    }

    @Benchmark
    @Threads(2)
    public void commonsPool2_2(CommonsPool p, Blackhole bh) throws Exception {
        commons(p, bh);
    }

    @Benchmark
    @Threads(4)
    public void commonsPool2_4(CommonsPool p, Blackhole bh) throws Exception {
        commons(p, bh);
    }

    @Benchmark
    @Threads(1)
    public void stormpot_1(StormpotPool p, Blackhole bh) throws InterruptedException {
        stormpot(p, bh);
    }

    @Benchmark
    @Threads(2)
    public void stormpot_2(StormpotPool p, Blackhole bh) throws InterruptedException {
        stormpot(p, bh);
    }

    @Benchmark
    @Threads(4)
    public void stormpot_4(StormpotPool p, Blackhole bh) throws InterruptedException {
        stormpot(p, bh);
    }

    @Benchmark
    @Threads(1)
    public void floor_1(Floor f, Blackhole bh) {
        floor(f, bh);
    }

    @Benchmark
    @Threads(2)
    public void floor_2(Floor f, Blackhole bh) {
        floor(f, bh);
    }

    @Benchmark
    @Threads(4)
    public void floor_4(Floor f, Blackhole bh) {
        floor(f, bh);
    }
}
