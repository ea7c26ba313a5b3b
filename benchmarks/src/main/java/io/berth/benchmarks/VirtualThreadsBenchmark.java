package io.berth.benchmarks;

import io.berth.benchmarks.Pools.Conn;
import io.berth.benchmarks.Pools.StormpotConn;
import io.berth.pool.Pool;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 1,000 virtual threads on 10 connections, each thread doing {@value #CYCLES} acquire + immediate
 * release cycles per invocation. The threads are created and parked at a gate in a per-invocation
 * setup, so an invocation times only the cycles: opening the gate until the last thread is done.
 * With {@code @OperationsPerInvocation} JMH reports cycles per millisecond directly.
 *
 * <p>A batch ends when its slowest thread is done, so a pool that lets a few threads win over and
 * over pays for it here only when the starved ones finally run; {@link FairnessReport} measures
 * how the cycles are spread over the threads in a fixed window.
 *
 * <p>Stormpot runs twice: through its virtual-thread tap ({@code getVirtualThreadSafeTap()}, its
 * recommendation for virtual threads) and through {@code Pool.claim} (a thread-local cache per
 * virtual thread).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@OperationsPerInvocation(VirtualThreadsBenchmark.THREADS * VirtualThreadsBenchmark.CYCLES)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class VirtualThreadsBenchmark {
    static final int THREADS = 1_000;
    static final int CONNECTIONS = 10;
    static final int CYCLES = 100;

    @State(Scope.Benchmark)
    public static class BerthPool {
        Pool<Conn> pool;
        VirtualBatch batch;

        @Setup(Level.Trial)
        public void open() {
            pool = Pools.berth(CONNECTIONS);
        }

        @Setup(Level.Invocation)
        public void arm() throws InterruptedException {
            batch = VirtualBatch.fixed(THREADS, CYCLES, Pools.berthCycle(pool));
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    @State(Scope.Benchmark)
    public static class CommonsPool {
        GenericObjectPool<Conn> pool;
        VirtualBatch batch;

        @Setup(Level.Trial)
        public void open() {
            pool = Pools.commons(CONNECTIONS);
        }

        @Setup(Level.Invocation)
        public void arm() throws InterruptedException {
            batch = VirtualBatch.fixed(THREADS, CYCLES, Pools.commonsCycle(pool));
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    @State(Scope.Benchmark)
    public static class StormpotTap {
        stormpot.Pool<StormpotConn> pool;
        VirtualBatch batch;

        @Setup(Level.Trial)
        public void open() {
            pool = Pools.stormpot(CONNECTIONS);
        }

        @Setup(Level.Invocation)
        public void arm() throws InterruptedException {
            batch = VirtualBatch.fixed(THREADS, CYCLES, Pools.stormpotCycle(pool.getVirtualThreadSafeTap()));
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            Pools.closeStormpot(pool);
        }
    }

    @State(Scope.Benchmark)
    public static class StormpotClaim {
        stormpot.Pool<StormpotConn> pool;
        VirtualBatch batch;

        @Setup(Level.Trial)
        public void open() {
            pool = Pools.stormpot(CONNECTIONS);
        }

        @Setup(Level.Invocation)
        public void arm() throws InterruptedException {
            batch = VirtualBatch.fixed(THREADS, CYCLES, Pools.stormpotCycle(pool));
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            Pools.closeStormpot(pool);
        }
    }

    @Benchmark
    public long berth(BerthPool s) throws InterruptedException {
        return s.batch.runAll();
    }

    @Benchmark
    public long commonsPool2(CommonsPool s) throws InterruptedException {
        return s.batch.runAll();
    }

    @Benchmark
    public long stormpot(StormpotTap s) throws InterruptedException {
        return s.batch.runAll();
    }

    @Benchmark
    public long stormpotClaim(StormpotClaim s) throws InterruptedException {
        return s.batch.runAll();
    }
}
