package io.berth.proxy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded load through the proxy: pgjdbc clients each running {@code select 1} in a loop until
 * {@link #close} or until {@code limit} has passed, whichever comes first.
 */
final class Load implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongAdder queries = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    private Load(String url, int clients, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().name("load-" + i).daemon().start(() -> run(url, deadline)));
        }
    }

    /** Starts {@code clients} clients of database test as postgres through the proxy on {@code port}. */
    static Load start(int port, int clients, Duration limit) {
        return new Load("jdbc:postgresql://127.0.0.1:" + port + "/test?sslmode=disable", clients, limit);
    }

    private void run(String url, long deadline) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("prepareThreshold", "0");
        p.setProperty("assumeMinServerVersion", "10"); // application_name in the startup packet, not a SET
        p.setProperty("ApplicationName", "berth-load");
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            while (!stop.get() && System.nanoTime() - deadline < 0) {
                try (ResultSet rs = s.executeQuery("select 1")) {
                    rs.next();
                }
                queries.increment();
            }
        } catch (SQLException | RuntimeException e) {
            if (!stop.get()) {
                failure.compareAndSet(null, e);
            }
        }
    }

    long queries() {
        return queries.sum();
    }

    /** Stops the clients, waits for them, and fails with the first client's error if one failed. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(10));
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new AssertionError("a load client failed", f);
        }
    }
}
