package io.berth.benchmarks.jdbc;

import io.berth.benchmarks.VirtualBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * HikariCP's benchmark method, re-implemented: JDBC data sources over a stub driver whose methods
 * do nothing ({@code io.berth.testkit.jdbc.StubDriver}, URL {@code jdbc:stub:bench}), so only the
 * pool and its JDBC wrappers are measured. Every pool is set up by {@link JdbcPools} (minimum idle
 * 0, autoCommit=false, validation on borrow as HikariCP's project configures it) and chosen by the
 * {@code pool} parameter ({@code -p pool=berth,hikari} runs two); each pool of each method runs in
 * its own fork.
 *
 * <ul>
 *   <li>{@link #connection}: {@code getConnection()} + {@code close()}, 2 threads, pool of 32;
 *   <li>{@link #statement}: {@code createStatement()} + {@code execute} + {@code close()} on a
 *       connection each thread holds for a whole iteration (HikariCP's {@code StatementBench}), 2
 *       threads, pool of 32;
 *   <li>{@link #connection_4on2}: the connection cycle, 4 threads on a pool of 2 (oversubscribed);
 *   <li>{@link #statement_4on2}: {@code getConnection()} + statement + both closed, 4 threads on
 *       2 (the connection cannot be held for an iteration when threads outnumber connections);
 *   <li>{@link #acquire_4on2}: the connection cycle of 4 threads on 2 again, in sample-time mode
 *       with only {@code getConnection()} timed (the connection is closed in a per-invocation
 *       tear-down, outside the timed region): the acquire wait's distribution, p99 included;
 *   <li>{@link #virtual}: 1,000 virtual threads on a pool of 10, each doing {@value #VT_CYCLES}
 *       connection cycles per invocation; started and parked at a gate in a per-invocation set-up
 *       ({@link VirtualBatch}), so only the cycles are timed; cycles/ms.
 * </ul>
 *
 * <p>Thread counts are {@code @Threads} annotations: do not pass {@code -t}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Xms1g",
            "-Xmx1g",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dcom.mchange.v2.log.MLog=slf4j"
        })
public class JdbcCycleBenchmark {
    static final int SIZE = 32;
    static final int OVERSUBSCRIBED_SIZE = 2;
    static final int VT_THREADS = 1_000;
    static final int VT_CONNECTIONS = 10;
    static final int VT_CYCLES = 100;

    /** One pool per fork; the size differs per state, the pool is the parameter. */
    @State(Scope.Benchmark)
    public abstract static class PoolState {
        @Param({"berth", "hikari", "agroal", "dbcp2", "vibur", "tomcat", "c3p0"})
        public String pool;

        DataSource ds;

        void open(int size) {
            ds = JdbcPools.open(pool, size);
        }

        @TearDown(Level.Trial)
        public void close() {
            JdbcPools.close(ds);
        }
    }

    @State(Scope.Benchmark)
    public static class Pool32 extends PoolState {
        @Setup(Level.Trial)
        public void open() {
            open(SIZE);
        }
    }

    @State(Scope.Benchmark)
    public static class Pool2 extends PoolState {
        @Setup(Level.Trial)
        public void open() {
            open(OVERSUBSCRIBED_SIZE);
        }
    }

    /** The virtual threads' pool and, per invocation, a fresh batch of parked threads. */
    @State(Scope.Benchmark)
    public static class Pool10 extends PoolState {
        VirtualBatch batch;

        @Setup(Level.Trial)
        public void open() {
            open(VT_CONNECTIONS);
        }

        @Setup(Level.Invocation)
        public void arm() throws InterruptedException {
            DataSource source = ds;
            batch = VirtualBatch.fixed(VT_THREADS, VT_CYCLES, () -> {
                try (Connection c = source.getConnection()) {
                    return c == null ? 0 : 1;
                }
            });
        }
    }

    /** A connection a thread holds for one iteration, as HikariCP's {@code StatementBench} does. */
    @State(Scope.Thread)
    public static class Held {
        Connection connection;

        @Setup(Level.Iteration)
        public void borrow(Pool32 p) throws SQLException {
            connection = p.ds.getConnection();
        }

        @TearDown(Level.Iteration)
        public void giveBack() throws SQLException {
            connection.close();
        }
    }

    /** The connection {@link #acquire_4on2} took, closed after the invocation, untimed. */
    @State(Scope.Thread)
    public static class Taken {
        Connection connection;

        @TearDown(Level.Invocation)
        public void giveBack() throws SQLException {
            Connection c = connection;
            if (c != null) {
                connection = null;
                c.close();
            }
        }
    }

    private static void connectionCycle(DataSource ds, Blackhole bh) throws SQLException {
        try (Connection c = ds.getConnection()) {
            bh.consume(c);
        }
    }

    @Benchmark
    @Threads(2)
    public void connection(Pool32 p, Blackhole bh) throws SQLException {
        connectionCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(2)
    public void statement(Held h, Blackhole bh) throws SQLException {
        try (Statement s = h.connection.createStatement()) {
            bh.consume(s.execute("SELECT 1"));
        }
    }

    @Benchmark
    @Threads(4)
    public void connection_4on2(Pool2 p, Blackhole bh) throws SQLException {
        connectionCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(4)
    public void statement_4on2(Pool2 p, Blackhole bh) throws SQLException {
        try (Connection c = p.ds.getConnection();
                Statement s = c.createStatement()) {
            bh.consume(s.execute("SELECT 1"));
        }
    }

    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Connection acquire_4on2(Pool2 p, Taken t) throws SQLException {
        Connection c = p.ds.getConnection();
        t.connection = c;
        return c;
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(VT_THREADS * VT_CYCLES)
    public long virtual(Pool10 p) throws InterruptedException {
        return p.batch.runAll();
    }
}
