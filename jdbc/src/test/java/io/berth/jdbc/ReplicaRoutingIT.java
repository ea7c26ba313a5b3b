package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testkit.Await;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Read replicas against the real PostgreSQL: the primary is 127.0.0.1:5432/test; replica A is a TCP
 * forwarder to the same server and database, replica B another forwarder to the second database
 * (postgres), so closing a forwarder is that replica's server going away. Each connection names its
 * source in application_name.
 */
class ReplicaRoutingIT {
    private static final String PRIMARY = "jdbc:postgresql://127.0.0.1:5432/test?ApplicationName=primary";

    private int portA;
    private int portB;
    private TcpForwarder replicaA;
    private TcpForwarder replicaB;
    private BerthDataSource ds;

    @BeforeEach
    void startReplicas() throws Exception {
        portA = TcpForwarder.freePort();
        portB = TcpForwarder.freePort();
        replicaA = new TcpForwarder(portA, 5432);
        replicaB = new TcpForwarder(portB, 5432);
    }

    @AfterEach
    void stop() throws Exception {
        if (ds != null) {
            ds.close();
        }
        replicaA.close();
        replicaB.close();
    }

    private BerthConfig.Builder config(String poolName) {
        return BerthConfig.custom()
                .jdbcUrl(PRIMARY)
                .username("postgres")
                .poolName(poolName)
                .maximumPoolSize(3)
                .minimumIdle(1)
                .connectionTimeout(Duration.ofSeconds(5))
                .replicaUrls(List.of(
                        "jdbc:postgresql://127.0.0.1:" + portA + "/test?ApplicationName=replica-a&connectTimeout=2",
                        "jdbc:postgresql://127.0.0.1:" + portB
                                + "/postgres?ApplicationName=replica-b&connectTimeout=2"));
    }

    private static String source(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select current_setting('application_name'), current_database()")) {
            rs.next();
            String source = rs.getString(1);
            assertThat(rs.getString(2)).isEqualTo(source.equals("replica-b") ? "postgres" : "test");
            return source;
        }
    }

    private static ThreadFactory threads(boolean virtual) {
        return virtual ? Thread.ofVirtual().factory() : Thread.ofPlatform().factory();
    }

    /**
     * Borrowers on their own threads, recording where each borrow went or how it failed, until
     * stopped; with {@code hold}, each keeps its connection 2 ms (so that borrows overlap).
     */
    private static final class Borrowers implements AutoCloseable {
        final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<SQLException> failures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> running = new ArrayList<>();

        Borrowers(DataSource source, int count, ThreadFactory factory, boolean hold) {
            for (int i = 0; i < count; i++) {
                Thread t = factory.newThread(() -> {
                    while (!stop.get()) {
                        try (Connection c = source.getConnection()) {
                            if (!c.isReadOnly()) {
                                throw new AssertionError("a read-write connection from the read-only view");
                            }
                            String from = source(c);
                            if (hold) {
                                try (Statement st = c.createStatement()) {
                                    st.execute("select pg_sleep(0.002)");
                                }
                            }
                            served(from);
                        } catch (SQLException e) {
                            failures.add(e);
                        } catch (Throwable e) {
                            unexpected.add(e);
                            return;
                        }
                    }
                });
                running.add(t);
                t.start();
            }
        }

        private void served(String source) {
            served.computeIfAbsent(source, s -> new AtomicInteger()).incrementAndGet();
        }

        int servedBy(String source) {
            AtomicInteger n = served.get(source);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : running) {
                assertThat(t.join(Duration.ofSeconds(30)))
                        .as("borrower stopped")
                        .isTrue();
            }
            assertThat(unexpected).isEmpty();
        }
    }

    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {false, true})
    void borrowersSpreadAcrossTheReplicasOnReadOnlyConnections(boolean virtual) throws Exception {
        String poolName = "spread-it-" + virtual;
        ds = new BerthDataSource(config(poolName).registerMbeans(true).build());
        DataSource readOnly = ds.readOnly();
        assertThat(ds.readOnly()).isSameAs(readOnly);
        try (Borrowers borrowers = new Borrowers(readOnly, 6, threads(virtual), true)) {
            // Past the start, when one replica may still be opening its first connection.
            Await.until(
                    Duration.ofSeconds(20),
                    () -> borrowers.servedBy("replica-a") >= 10 && borrowers.servedBy("replica-b") >= 10);
            int a0 = borrowers.servedBy("replica-a");
            int b0 = borrowers.servedBy("replica-b");
            Await.until(
                    Duration.ofSeconds(30),
                    () -> borrowers.servedBy("replica-a") + borrowers.servedBy("replica-b") >= a0 + b0 + 300);
            borrowers.close();
            int a = borrowers.servedBy("replica-a") - a0;
            int b = borrowers.servedBy("replica-b") - b0;
            assertThat(borrowers.failures).as("replicas: %s", ds.replicas()).isEmpty();
            assertThat(borrowers.servedBy("primary"))
                    .as("no borrower needed the primary; replicas: %s", ds.replicas())
                    .isZero();
            assertThat(Math.min(a, b))
                    .as("both replicas get a fair share (a=%d, b=%d); replicas: %s", a, b, ds.replicas())
                    .isGreaterThan((a + b) * 3 / 10);
        }

        try (Connection c = readOnly.getConnection()) {
            assertThat(c.isReadOnly()).isTrue();
            assertWritesRefused(c);
        }
        try (Connection c = ds.getConnection()) {
            assertThat(source(c)).isEqualTo("primary");
            assertThat(c.isReadOnly()).isFalse();
        }

        List<ReplicaState> replicas = ds.replicas();
        assertThat(replicas)
                .extracting(ReplicaState::poolName)
                .containsExactly(poolName + "-replica-1", poolName + "-replica-2");
        assertThat(replicas).allSatisfy(r -> {
            assertThat(r.healthy()).isTrue();
            assertThat(r.ejectedForMillis()).isZero();
            assertThat(r.total()).isBetween(1, 3);
            assertThat(r.leased()).isZero();
        });
        assertThat(replicas.get(1).jdbcUrl()).contains(":" + portB + "/postgres");

        ObjectName name = new ObjectName("io.berth:type=Pool,name=" + ObjectName.quote(poolName));
        BerthPoolMXBean bean =
                JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), name, BerthPoolMXBean.class);
        assertThat(bean.getReplicas()).extracting(ReplicaState::healthy).containsExactly(true, true);
        CompositeData[] raw =
                (CompositeData[]) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Replicas");
        assertThat(raw).hasSize(2);
        assertThat(raw[0].get("poolName")).isEqualTo(poolName + "-replica-1");
        assertThat(raw[0].get("healthy")).isEqualTo(true);
    }

    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {false, true})
    void aReplicaWhosePortClosesIsEjectedWhileBorrowersGoOnAndIsReadmittedWhenItReopens(boolean virtual)
            throws Exception {
        ds = new BerthDataSource(config("eject-it-" + virtual).build());
        DataSource readOnly = ds.readOnly();
        try (Borrowers borrowers = new Borrowers(readOnly, 4, threads(virtual), false)) {
            Await.until(Duration.ofSeconds(20), () -> borrowers.servedBy("replica-b") >= 20);

            replicaB.close(); // B's server goes away: its port closes and its connections are cut
            Await.until(Duration.ofSeconds(20), () -> !ds.replicas().get(1).healthy());
            ReplicaState ejected = ds.replicas().get(1);
            assertThat(ejected.lastError())
                    .as("refused, or cut during the handshake as the port closed")
                    .startsWith("org.postgresql.util.PSQLException: ");
            assertThat(ejected.ejectedForMillis()).isBetween(1L, 60_000L);
            assertThat(ds.replicas().get(0).healthy()).isTrue();

            int servedByA = borrowers.servedBy("replica-a");
            Await.until(Duration.ofSeconds(20), () -> borrowers.servedBy("replica-a") >= servedByA + 200);
            for (int i = 0; i < 50; i++) {
                try (Connection c = readOnly.getConnection()) {
                    assertThat(source(c)).as("borrow %d while B is down", i).isEqualTo("replica-a");
                }
            }
            assertThat(borrowers.servedBy("primary")).as("A stayed healthy").isZero();
            assertThat(borrowers.failures)
                    .as("only borrowers that held one of B's connections as it was cut, or took one that"
                            + " had not been idle long enough to be checked, failed; and with 08006")
                    .hasSizeLessThanOrEqualTo(3 + 4)
                    .allSatisfy(e -> assertThat(e.getSQLState()).startsWith("08"));
            int failuresWhileDown = borrowers.failures.size();

            replicaB = new TcpForwarder(portB, 5432); // B is back
            int servedByB = borrowers.servedBy("replica-b");
            Await.until(
                    Duration.ofSeconds(60),
                    () -> ds.replicas().get(1).healthy() && borrowers.servedBy("replica-b") >= servedByB + 20);
            assertThat(ds.replicas().get(1).lastError()).isNull();
            assertThat(borrowers.failures).hasSize(failuresWhileDown);
        }
    }

    @Test
    void withEveryReplicaDownBorrowersGetThePrimaryReadOnlyAndItIsRestoredOnReturn() throws Exception {
        replicaA.close();
        replicaB.close();
        ds = new BerthDataSource(config("fallback-it").maximumPoolSize(1).build());
        DataSource readOnly = ds.readOnly();
        int primaryPid;
        long start = System.nanoTime();
        try (Connection c = readOnly.getConnection()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("a borrower does not wait out connectionTimeout in front of dead replicas")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(source(c)).isEqualTo("primary");
            assertThat(c.isReadOnly()).isTrue();
            primaryPid = pid(c);
            assertWritesRefused(c);
        }
        assertThat(ds.replicas()).allSatisfy(r -> {
            assertThat(r.healthy()).isFalse();
            assertThat(r.lastError()).contains("refused");
        });
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            try (Connection c = readOnly.getConnection()) {
                assertThat(source(c)).isEqualTo("primary");
                assertThat(c.isReadOnly()).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(3));
        }
        try (Connection c = ds.getConnection()) {
            assertThat(pid(c)).as("the same primary connection").isEqualTo(primaryPid);
            assertThat(c.isReadOnly())
                    .as("read-only was undone when it came back")
                    .isFalse();
        }
    }

    /**
     * pgjdbc enforces read-only in transactions (BEGIN READ ONLY; readOnlyMode=always would also
     * cover autocommit): a write in one fails with 25006.
     */
    private static void assertWritesRefused(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("create table replica_write_it (id int)"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        } finally {
            c.rollback();
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void withoutReplicasTheReadOnlyViewLendsThePrimaryReadOnly() throws Exception {
        ds = new BerthDataSource(config("no-replicas-it").replicaUrls(List.of()).build());
        try (Connection c = ds.readOnly().getConnection()) {
            assertThat(source(c)).isEqualTo("primary");
            assertThat(c.isReadOnly()).isTrue();
        }
        assertThat(ds.replicas()).isEmpty();
    }

    @Test
    void closingTheDataSourceClosesTheReplicaPools() throws Exception {
        ds = new BerthDataSource(config("close-it").build());
        DataSource readOnly = ds.readOnly();
        Connection held = readOnly.getConnection();
        assertThat(source(held)).startsWith("replica-");
        Await.until(() -> replicaA.connections() >= 1 && replicaB.connections() >= 1);

        ds.close();
        assertThatThrownBy(readOnly::getConnection)
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"))
                .hasMessageContaining("close-it");
        Await.until(() -> replicaA.connections() + replicaB.connections() == 1);
        held.close();
        Await.until(() -> replicaA.connections() + replicaB.connections() == 0);
        assertThat(ds.replicas()).allSatisfy(r -> assertThat(r.total()).isZero());
    }
}
