package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/** 1,000 virtual threads through JDBC on 10 real PostgreSQL connections, for a bounded time. */
class VirtualThreadJdbcStressIT {
    private static final int THREADS = 1_000;
    private static final int CONNECTIONS = 10;

    private static int backendsOf(Connection observer) throws SQLException {
        try (Statement st = observer.createStatement();
                ResultSet rs = st.executeQuery(
                        "select count(*) from pg_stat_activity where application_name = 'berth-stress'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void everyThreadIsServedAndPostgresNeverSeesMoreThanMaxConnections() throws Exception {
        BerthConfig config = BerthConfig.custom()
                .jdbcUrl(BerthDataSourceIT.PG_URL)
                .username("postgres")
                .poolName("vt-stress")
                .maximumPoolSize(CONNECTIONS)
                .minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(20))
                .dataSourceProperty("ApplicationName", "berth-stress")
                .build();
        AtomicLongArray served = new AtomicLongArray(THREADS);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger maxBackends = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        try (BerthDataSource ds = new BerthDataSource(config);
                Connection observer = java.sql.DriverManager.getConnection(BerthDataSourceIT.PG_URL, "postgres", "")) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int me = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end || served.get(me) == 0) {
                        try (Connection c = ds.getConnection();
                                Statement st = c.createStatement();
                                ResultSet rs = st.executeQuery("select 1")) {
                            rs.next();
                            served.incrementAndGet(me);
                        } catch (SQLException | RuntimeException e) {
                            errors.add(e);
                            return;
                        }
                    }
                }));
            }
            while (System.nanoTime() < end) {
                maxBackends.accumulateAndGet(backendsOf(observer), Math::max);
            }
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(30)))
                        .as("a borrower is hanging")
                        .isTrue();
            }
            assertThat(ds.stats().leased()).isZero();
        }
        assertThat(errors).isEmpty();
        long total = 0;
        int starved = 0;
        for (int i = 0; i < THREADS; i++) {
            total += served.get(i);
            starved += served.get(i) == 0 ? 1 : 0;
        }
        assertThat(starved).as("threads never served").isZero();
        assertThat(total).isGreaterThan(THREADS);
        assertThat(maxBackends.get()).as("backends seen by PostgreSQL").isBetween(1, CONNECTIONS);
    }
}
