package io.berth.benchmarks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.berth.jdbc.BerthConfig;
import io.berth.jdbc.BerthDataSource;
import io.berth.testkit.jdbc.StubDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
 * HikariCP's benchmark method, re-implemented: JDBC data sources over a stub driver whose methods
 * do nothing ({@link StubDriver}, URL {@code jdbc:stub:bench}), so only the pool is measured.
 * Every pool has minimum idle 0 and autoCommit=false.
 *
 * <ul>
 *   <li>connection cycle: {@code getConnection()} + {@code close()};
 *   <li>statement cycle: {@code getConnection()} + {@code createStatement()} + {@code
 *       execute("SELECT 1")} + both closed.
 * </ul>
 *
 * <p>Each at 2 threads on a pool of 32 ({@code *_connection}, {@code *_statement}) and at 4
 * threads on a pool of 2 ({@code *_connection_4on2}, {@code *_statement_4on2}: oversubscribed,
 * threads wait for each other). Thread counts are {@code @Threads} annotations: do not pass
 * {@code -t}.
 *
 * <p>Set-up per pool: Berth {@link BerthDataSource} from a {@link BerthConfig} (no
 * connectionTestQuery, so a connection idle for longer than the engine's default 500 ms is checked
 * with {@code isValid}, which the stub answers at once; a busy one is not checked); HikariCP 7
 * {@link HikariDataSource} with {@code registerMbeans=false}; Agroal {@link AgroalDataSource}
 * (agroal-pool). Connection timeouts 30 s everywhere.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class JdbcCycleBenchmark {
    static final String URL = StubDriver.PREFIX + "bench";
    static final int SIZE = 32;
    static final int OVERSUBSCRIBED_SIZE = 2;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static BerthDataSource berth(int size) {
        return new BerthDataSource(BerthConfig.custom()
                .poolName("berth-bench")
                .jdbcUrl(URL)
                .driverClassName(StubDriver.class.getName())
                .maximumPoolSize(size)
                .minimumIdle(0)
                .autoCommit(false)
                .connectionTimeout(TIMEOUT)
                .registerMbeans(false)
                .build());
    }

    static HikariDataSource hikari(int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hikari-bench");
        config.setJdbcUrl(URL);
        config.setDriverClassName(StubDriver.class.getName());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setAutoCommit(false);
        config.setConnectionTimeout(TIMEOUT.toMillis());
        config.setRegisterMbeans(false);
        return new HikariDataSource(config);
    }

    static AgroalDataSource agroal(int size) {
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool.maxSize(size)
                            .minSize(0)
                            .initialSize(0)
                            .acquisitionTimeout(TIMEOUT)
                            .connectionFactoryConfiguration(factory ->
                                    factory.jdbcUrl(URL).autoCommit(false).connectionProviderClass(StubDriver.class))));
        } catch (SQLException e) {
            throw new IllegalStateException("agroal: " + e.getMessage(), e);
        }
    }

    // ---- one state per pool and size (thread counts differ per method, sizes per state) ---------

    @State(Scope.Benchmark)
    public static class Berth {
        BerthDataSource ds;

        @Setup(Level.Trial)
        public void open() {
            ds = berth(SIZE);
        }

        @TearDown(Level.Trial)
        public void close() {
            ds.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Berth2 {
        BerthDataSource ds;

        @Setup(Level.Trial)
        public void open() {
            ds = berth(OVERSUBSCRIBED_SIZE);
        }

        @TearDown(Level.Trial)
        public void close() {
            ds.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Hikari {
        HikariDataSource ds;

        @Setup(Level.Trial)
        public void open() {
            ds = hikari(SIZE);
        }

        @TearDown(Level.Trial)
        public void close() {
            ds.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Hikari2 {
        HikariDataSource ds;

        @Setup(Level.Trial)
        public void open() {
            ds = hikari(OVERSUBSCRIBED_SIZE);
        }

        @TearDown(Level.Trial)
        public void close() {
            ds.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Agroal {
        AgroalDataSource ds;

        @Setup(Level.Trial)
        public void open() {
            ds = agroal(SIZE);
        }

        @TearDown(Level.Trial)
        public void close() {
            ds.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Agroal2 {
        AgroalDataSource ds;

        @Setup(Level.Trial)
        public void open() {
            ds = agroal(OVERSUBSCRIBED_SIZE);
        }

        @TearDown(Level.Trial)
        public void close() {
            ds.close();
        }
    }

    // ---- the cycles ----------------------------------------------------------------------------

    private static void connectionCycle(DataSource ds, Blackhole bh) throws SQLException {
        try (Connection c = ds.getConnection()) {
            bh.consume(c);
        }
    }

    private static void statementCycle(DataSource ds, Blackhole bh) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            bh.consume(s.execute("SELECT 1"));
        }
    }

    // ---- 2 threads, pool of 32 -----------------------------------------------------------------

    @Benchmark
    @Threads(2)
    public void berth_connection(Berth p, Blackhole bh) throws SQLException {
        connectionCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(2)
    public void hikari_connection(Hikari p, Blackhole bh) throws SQLException {
        connectionCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(2)
    public void agroal_connection(Agroal p, Blackhole bh) throws SQLException {
        connectionCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(2)
    public void berth_statement(Berth p, Blackhole bh) throws SQLException {
        statementCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(2)
    public void hikari_statement(Hikari p, Blackhole bh) throws SQLException {
        statementCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(2)
    public void agroal_statement(Agroal p, Blackhole bh) throws SQLException {
        statementCycle(p.ds, bh);
    }

    // ---- 4 threads, pool of 2 (oversubscribed) ---------------------------------------------------

    @Benchmark
    @Threads(4)
    public void berth_connection_4on2(Berth2 p, Blackhole bh) throws SQLException {
        connectionCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(4)
    public void hikari_connection_4on2(Hikari2 p, Blackhole bh) throws SQLException {
        connectionCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(4)
    public void agroal_connection_4on2(Agroal2 p, Blackhole bh) throws SQLException {
        connectionCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(4)
    public void berth_statement_4on2(Berth2 p, Blackhole bh) throws SQLException {
        statementCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(4)
    public void hikari_statement_4on2(Hikari2 p, Blackhole bh) throws SQLException {
        statementCycle(p.ds, bh);
    }

    @Benchmark
    @Threads(4)
    public void agroal_statement_4on2(Agroal2 p, Blackhole bh) throws SQLException {
        statementCycle(p.ds, bh);
    }
}
