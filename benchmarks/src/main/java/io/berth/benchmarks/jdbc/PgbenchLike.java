package io.berth.benchmarks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.berth.jdbc.BerthConfig;
import io.berth.jdbc.BerthDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * pgbench's built-in transactions through JDBC (pgjdbc) against a real PostgreSQL, once through
 * HikariCP and once through Berth with the same pool size and clients; not a JMH benchmark.
 *
 * <ul>
 *   <li>{@code select-only} (pgbench {@code -S}): {@code SELECT abalance FROM pgbench_accounts WHERE
 *       aid = ?} with a uniformly random aid, autoCommit on;
 *   <li>{@code tpcb-like} (pgbench's default): in one transaction (autoCommit off, then restored as
 *       Spring's transaction manager does) update an account, read it back, update a teller and a
 *       branch, insert a history row; commit.
 * </ul>
 *
 * <p>Each client (a platform or a virtual thread) loops: borrow a connection, run one transaction,
 * close the connection; a transaction's latency is from before {@code getConnection()} to after
 * {@code close()}, and the acquire wait is the {@code getConnection()} part of it. Every pool run
 * has an unmeasured warm-up, then a fixed measured window; the clients stop by themselves at its
 * end. Pools are prefilled ({@code minimumIdle} = size) and otherwise at their defaults. The runs
 * of one combination alternate which pool goes first. The tables must exist ({@code pgbench -i -s
 * 10 test}); the scale is read from {@code pgbench_branches}.
 *
 * <p>Options ({@code --name value}): {@code url} (jdbc:postgresql://127.0.0.1:5432/test), {@code
 * user} (postgres), {@code password} (empty), {@code connections} (10), {@code clients} (50),
 * {@code duration} (20, seconds), {@code warmup} (5, seconds), {@code scripts}
 * (select-only,tpcb-like), {@code threads} (platform,virtual), {@code pools} (hikari,berth), {@code
 * json} (a file to append one JSON line per run to).
 */
public final class PgbenchLike {
    private static final List<String> SCRIPTS = List.of("select-only", "tpcb-like");

    private final Map<String, String> options;
    private final int scale;

    private PgbenchLike(Map<String, String> options, int scale) {
        this.options = options;
        this.scale = scale;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("url", "jdbc:postgresql://127.0.0.1:5432/test");
        o.put("user", "postgres");
        o.put("password", "");
        o.put("connections", "10");
        o.put("clients", "50");
        o.put("duration", "20");
        o.put("warmup", "5");
        o.put("scripts", String.join(",", SCRIPTS));
        o.put("threads", "platform,virtual");
        o.put("pools", "hikari,berth");
        o.put("json", "");
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!o.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: '" + args[i] + "'; options: "
                        + o.keySet().stream().map(k -> "--" + k).toList());
            }
            o.put(name, args[++i]);
        }
        for (String s : o.get("scripts").split(",")) {
            if (!SCRIPTS.contains(s)) {
                throw new IllegalArgumentException("unknown script '" + s + "'; known: " + SCRIPTS);
            }
        }
        int scale;
        try (Connection c = DriverManager.getConnection(o.get("url"), o.get("user"), o.get("password"));
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pgbench_branches")) {
            rs.next();
            scale = rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "no pgbench tables at " + o.get("url") + " (" + e.getMessage()
                            + "); create them with: pgbench -i -s 10 -h 127.0.0.1 -U postgres test",
                    e);
        }
        new PgbenchLike(o, scale).runAll();
    }

    private int intOption(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void runAll() throws Exception {
        int connections = intOption("connections");
        int clients = intOption("clients");
        Duration duration = Duration.ofSeconds(intOption("duration"));
        Duration warmup = Duration.ofSeconds(intOption("warmup"));
        List<String> pools = List.of(options.get("pools").split(","));
        System.out.printf(
                Locale.ROOT,
                "pgbench-like through JDBC: %s, scale %d, %d connections, %d clients, %d s warm-up + %d s"
                        + " measured per run, JDK %s%n",
                options.get("url"),
                scale,
                connections,
                clients,
                warmup.toSeconds(),
                duration.toSeconds(),
                Runtime.version());
        String format = "%-12s %-9s %-7s %9s %9s %9s %9s %13s %7s%n";
        System.out.printf(
                format, "script", "threads", "pool", "TPS", "avg ms", "p50 ms", "p99 ms", "p99 acquire", "failed");
        int combination = 0;
        for (String script : options.get("scripts").split(",")) {
            for (String kind : options.get("threads").split(",")) {
                List<String> order = new ArrayList<>(pools);
                if (combination++ % 2 == 1) {
                    order = order.reversed();
                }
                for (String pool : order) {
                    Result r = run(pool, script, kind.equals("virtual"), connections, clients, warmup, duration);
                    System.out.printf(
                            Locale.ROOT,
                            format,
                            script,
                            kind,
                            pool,
                            String.format(Locale.ROOT, "%.0f", r.tps()),
                            ms(r.avgNanos()),
                            ms(r.p50Nanos()),
                            ms(r.p99Nanos()),
                            ms(r.p99AcquireNanos()),
                            r.failed());
                    appendJson(script, kind, pool, connections, clients, duration, r);
                }
            }
        }
    }

    private static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private record Result(
            double tps, double avgNanos, long p50Nanos, long p99Nanos, long p99AcquireNanos, long done, long failed) {}

    private Result run(
            String pool, String script, boolean virtual, int size, int clients, Duration warmup, Duration duration)
            throws Exception {
        DataSource ds = open(pool, size);
        try {
            // warm-up: same clients, results dropped
            measure(ds, script, virtual, clients, warmup);
            return measure(ds, script, virtual, clients, duration);
        } finally {
            ((AutoCloseable) ds).close();
        }
    }

    private DataSource open(String pool, int size) {
        return switch (pool) {
            case "hikari" -> {
                HikariConfig c = new HikariConfig();
                c.setPoolName("hikari-pgbench");
                c.setJdbcUrl(options.get("url"));
                c.setUsername(options.get("user"));
                c.setPassword(options.get("password"));
                c.setMaximumPoolSize(size);
                c.setMinimumIdle(size);
                c.setConnectionTimeout(30_000);
                yield new HikariDataSource(c);
            }
            case "berth" ->
                new BerthDataSource(BerthConfig.custom()
                        .poolName("berth-pgbench")
                        .jdbcUrl(options.get("url"))
                        .username(options.get("user"))
                        .password(options.get("password"))
                        .maximumPoolSize(size)
                        .minimumIdle(size)
                        .connectionTimeout(Duration.ofSeconds(30))
                        .registerMbeans(false)
                        .build());
            default -> throw new IllegalArgumentException("unknown pool '" + pool + "'; known: hikari, berth");
        };
    }

    /** Runs {@code clients} clients for {@code window}; each stops after the window closes. */
    private Result measure(DataSource ds, String script, boolean virtual, int clients, Duration window)
            throws InterruptedException {
        Client[] all = new Client[clients];
        Thread[] threads = new Thread[clients];
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch gate = new CountDownLatch(1);
        long[] deadline = new long[1];
        AtomicReference<Throwable> crash = new AtomicReference<>();
        boolean tpcb = script.equals("tpcb-like");
        for (int i = 0; i < clients; i++) {
            Client client = new Client();
            all[i] = client;
            Runnable body = () -> {
                try {
                    ready.countDown();
                    gate.await();
                    client.loop(ds, tpcb, deadline[0]);
                } catch (Throwable t) {
                    crash.compareAndSet(null, t);
                }
            };
            threads[i] = virtual
                    ? Thread.ofVirtual().name("pgbench-vt-" + i).unstarted(body)
                    : Thread.ofPlatform().name("pgbench-" + i).unstarted(body);
            threads[i].start();
        }
        ready.await();
        long start = System.nanoTime();
        deadline[0] = start + window.toNanos(); // published to the clients by gate.countDown()
        gate.countDown();
        for (Thread t : threads) {
            if (!t.join(window.plusSeconds(60))) {
                throw new IllegalStateException(t.getName() + " still running 60 s after the window closed");
            }
        }
        long elapsed = System.nanoTime() - start;
        if (crash.get() != null) {
            throw new IllegalStateException("a client failed: " + crash.get(), crash.get());
        }
        long done = 0;
        long failed = 0;
        long sum = 0;
        int n = 0;
        for (Client c : all) {
            done += c.count;
            failed += c.failed;
            n += c.count;
        }
        long[] latencies = new long[n];
        long[] waits = new long[n];
        int at = 0;
        for (Client c : all) {
            System.arraycopy(c.latencies, 0, latencies, at, c.count);
            System.arraycopy(c.waits, 0, waits, at, c.count);
            at += c.count;
        }
        for (long l : latencies) {
            sum += l;
        }
        Arrays.sort(latencies);
        Arrays.sort(waits);
        return new Result(
                done / (elapsed / 1e9),
                n == 0 ? Double.NaN : (double) sum / n,
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                percentile(waits, 0.99),
                done,
                failed);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** One client's loop and its own records, read only after its thread has been joined. */
    private final class Client {
        long[] latencies = new long[1 << 12];
        long[] waits = new long[1 << 12];
        int count;
        long failed;

        void loop(DataSource ds, boolean tpcb, long deadline) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long now = System.nanoTime();
            while (now < deadline) {
                long start = now;
                long acquired;
                try (Connection c = ds.getConnection()) {
                    acquired = System.nanoTime();
                    if (tpcb) {
                        tpcbLike(c, random);
                    } else {
                        selectOnly(c, random);
                    }
                } catch (SQLException e) {
                    failed++;
                    now = System.nanoTime();
                    continue;
                }
                now = System.nanoTime();
                record(now - start, acquired - start);
            }
        }

        private void record(long latency, long wait) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
                waits = Arrays.copyOf(waits, count * 2);
            }
            latencies[count] = latency;
            waits[count] = wait;
            count++;
        }

        private void selectOnly(Connection c, ThreadLocalRandom random) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT abalance FROM pgbench_accounts WHERE aid = ?")) {
                s.setInt(1, 1 + random.nextInt(100_000 * scale));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                }
            }
        }

        private void tpcbLike(Connection c, ThreadLocalRandom random) throws SQLException {
            int aid = 1 + random.nextInt(100_000 * scale);
            int tid = 1 + random.nextInt(10 * scale);
            int bid = 1 + random.nextInt(scale);
            int delta = random.nextInt(-5000, 5001);
            c.setAutoCommit(false);
            try {
                update(c, "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?", delta, aid);
                try (PreparedStatement s = c.prepareStatement("SELECT abalance FROM pgbench_accounts WHERE aid = ?")) {
                    s.setInt(1, aid);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                    }
                }
                update(c, "UPDATE pgbench_tellers SET tbalance = tbalance + ? WHERE tid = ?", delta, tid);
                update(c, "UPDATE pgbench_branches SET bbalance = bbalance + ? WHERE bid = ?", delta, bid);
                try (PreparedStatement s =
                        c.prepareStatement("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime)"
                                + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                    s.setInt(1, tid);
                    s.setInt(2, bid);
                    s.setInt(3, aid);
                    s.setInt(4, delta);
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }

        private static void update(Connection c, String sql, int delta, int id) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setInt(1, delta);
                s.setInt(2, id);
                s.executeUpdate();
            }
        }
    }

    private void appendJson(
            String script, String kind, String pool, int connections, int clients, Duration duration, Result r)
            throws IOException {
        String path = options.get("json");
        if (path.isEmpty()) {
            return;
        }
        String line = String.format(
                Locale.ROOT,
                "{\"script\":\"%s\",\"threads\":\"%s\",\"pool\":\"%s\",\"connections\":%d,\"clients\":%d,"
                        + "\"durationSeconds\":%d,\"scale\":%d,\"tps\":%.3f,\"avgMs\":%.4f,\"p50Ms\":%.4f,"
                        + "\"p99Ms\":%.4f,\"p99AcquireMs\":%.4f,\"transactions\":%d,\"failed\":%d}%n",
                script,
                kind,
                pool,
                connections,
                clients,
                duration.toSeconds(),
                scale,
                r.tps(),
                r.avgNanos() / 1e6,
                r.p50Nanos() / 1e6,
                r.p99Nanos() / 1e6,
                r.p99AcquireNanos() / 1e6,
                r.done(),
                r.failed());
        Files.writeString(
                Path.of(path),
                line,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }
}
