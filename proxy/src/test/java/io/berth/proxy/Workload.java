package io.berth.proxy;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * pgjdbc clients on virtual threads running small write transactions through the proxy until
 * stopped: each inserts (run, worker, seq) into {@code chaos_ledger} and commits. A failed
 * transaction is recorded with its SQLSTATE, how long it took and whether it was the client's own
 * socket timeout (a hang the proxy did not end); the client then reconnects. The ledger lets a test
 * check that every transaction reported committed really is in the database.
 */
final class Workload implements AutoCloseable {
    /** How long a client waits after a failure before it reconnects: a client's retry pause. */
    private static final long RETRY_PAUSE_MILLIS = 20;

    /** A failed transaction: when it started, how long it took, what the client saw. */
    record Failure(long startNanos, long tookMillis, String sqlState, String message, boolean atCommit, boolean hang) {}

    final String run = UUID.randomUUID().toString();
    private final String url;
    private final Duration socketTimeout;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final Set<Long> committedKeys = ConcurrentHashMap.newKeySet();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    private Workload(String url, Duration socketTimeout) {
        this.url = url;
        this.socketTimeout = socketTimeout;
    }

    /** Starts {@code clients} clients on the proxy's database {@value ChaosDb#NAME}. */
    static Workload start(TestProxy proxy, int clients, Duration socketTimeout) {
        Workload w = new Workload(proxy.jdbcUrl(ChaosDb.NAME), socketTimeout);
        for (int i = 0; i < clients; i++) {
            int worker = i;
            w.threads.add(Thread.ofVirtual().name("workload-" + i).start(() -> w.loop(worker)));
        }
        return w;
    }

    long committed() {
        return committed.get();
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** How many failures had each SQLSTATE and message (first line, without numbers that vary). */
    java.util.Map<String, Long> failureKinds() {
        return failures.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        f -> f.sqlState() + " "
                                + f.message().lines().findFirst().orElse("").replaceAll("[0-9]+", "N"),
                        java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()));
    }

    /** The longest any transaction took, committed or failed. */
    long slowestMillis() {
        return slowestMillis.get();
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("sslmode", "disable");
        p.setProperty("prepareThreshold", "0");
        p.setProperty("ApplicationName", "berth-chaos-workload");
        p.setProperty("connectTimeout", String.valueOf(socketTimeout.toSeconds()));
        p.setProperty("loginTimeout", String.valueOf(socketTimeout.toSeconds()));
        p.setProperty("socketTimeout", String.valueOf(socketTimeout.toSeconds()));
        Connection c = DriverManager.getConnection(url, p);
        c.setAutoCommit(false);
        return c;
    }

    private void loop(int worker) {
        Connection c = null;
        int seq = 0;
        while (!stop) {
            seq++;
            long start = System.nanoTime();
            boolean atCommit = false;
            try {
                if (c == null) {
                    c = connect();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into chaos_ledger values (?, ?, ?)")) {
                    ps.setString(1, run);
                    ps.setInt(2, worker);
                    ps.setInt(3, seq);
                    ps.executeUpdate();
                }
                atCommit = true;
                c.commit();
                committedKeys.add(key(worker, seq));
                committed.incrementAndGet();
                took(start);
            } catch (SQLException e) {
                failures.add(new Failure(
                        start, took(start), e.getSQLState(), String.valueOf(e.getMessage()), atCommit, isHang(e)));
                closeQuietly(c);
                c = null;
                pause();
            }
        }
        closeQuietly(c);
    }

    private long took(long start) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        slowestMillis.accumulateAndGet(ms, Math::max);
        return ms;
    }

    private static long key(int worker, int seq) {
        return ((long) worker << 32) | seq;
    }

    private static boolean isHang(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // A broken connection closes with an error; it is closed all the same.
            }
        }
    }

    /** Stops the clients; fails when one does not stop within its socket timeout plus a margin. */
    void stop() throws InterruptedException {
        stop = true;
        long deadline = System.nanoTime() + socketTimeout.plusSeconds(5).toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (!t.join(Duration.ofNanos(Math.max(left, 1)))) {
                throw new AssertionError(t.getName() + " did not stop: a transaction hangs");
            }
        }
    }

    /**
     * Checks the ledger: every transaction reported committed is there, and the only others there
     * are failures at COMMIT (whose outcome the client cannot know). Returns the rows found.
     */
    long checkLedger() throws SQLException {
        long ambiguous = failures.stream().filter(Failure::atCommit).count();
        Set<Long> found = new java.util.HashSet<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/" + ChaosDb.NAME + "?sslmode=disable", "postgres", "");
                PreparedStatement ps = c.prepareStatement("select worker, seq from chaos_ledger where run = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(key(rs.getInt(1), rs.getInt(2)));
                }
            }
            if (!found.containsAll(committedKeys)) {
                Set<Long> missing = new java.util.HashSet<>(committedKeys);
                missing.removeAll(found);
                throw new AssertionError(missing.size() + " transactions reported committed are not in the ledger");
            }
            if (found.size() > committedKeys.size() + ambiguous) {
                throw new AssertionError("the ledger has " + found.size() + " rows for " + committedKeys.size()
                        + " commits and " + ambiguous + " failed commits");
            }
            try (PreparedStatement del = c.prepareStatement("delete from chaos_ledger where run = ?")) {
                del.setString(1, run);
                del.executeUpdate();
            }
        }
        return found.size();
    }

    @Override
    public void close() throws InterruptedException {
        if (!stop) {
            stop();
        }
    }
}
