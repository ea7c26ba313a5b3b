package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Await;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ten thousand clients log in and leave in a burst while 50 pgbench clients run through the proxy
 * in transaction mode on a pool of 10: every burst client is served, pgbench sees no failure, and
 * the server connections never exceed the pool's size, neither by the proxy's count nor by
 * PostgreSQL's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChaosBurstIT {
    private static final int POOL = 10;
    private static final int BURST = 10_000;
    private static final int AT_ONCE = 250;
    /** One burst client in this many also runs a statement, so the burst competes for servers too. */
    private static final int QUERY_EVERY = 20;

    @BeforeAll
    static void prepare() throws Exception {
        ChaosDb.prepare();
    }

    @Test
    void tenThousandClientsComeAndGoWhilePgbenchRunsAndServerConnectionsStayWithinThePool() throws Exception {
        try (TestProxy proxy = TestProxy.start(
                        ChaosDb.settings(2_000, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(20)),
                        (db, user) -> db.equals(ChaosDb.NAME) ? ChaosDb.target("127.0.0.1", 5432, POOL) : null);
                PgActivity pg = new PgActivity(ChaosDb.NAME)) {
            CompletableFuture<Tools.Result> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return Tools.pgbench(proxy.port, ChaosDb.NAME, "-S", "-c", "50", "-j", "2", "-T", "15", "-n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(() -> proxy.px.clients().sessions().size() >= 50);

            Map<String, IntSupplier> counts = new LinkedHashMap<>();
            counts.put("engine", () -> proxy.px.backends().totalServerConnections());
            counts.put("proxy", () -> PgActivity.proxyPorts(proxy).size());
            counts.put("postgres", pg::sessions);
            counts.put("clients", () -> proxy.px.clients().connections());
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger served = new AtomicInteger();
            long burstMillis;
            try (MaxSampler sampler = new MaxSampler(Duration.ofMillis(10), counts)) {
                long start = System.nanoTime();
                Thread[] workers = new Thread[AT_ONCE];
                AtomicInteger next = new AtomicInteger();
                for (int w = 0; w < AT_ONCE; w++) {
                    workers[w] = Thread.ofVirtual().start(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < BURST) {
                            String error = BurstClient.session(proxy.port, ChaosDb.NAME, i % QUERY_EVERY == 0);
                            if (error == null) {
                                served.incrementAndGet();
                            } else {
                                failures.add(error);
                            }
                        }
                    });
                }
                for (Thread t : workers) {
                    assertThat(t.join(Duration.ofSeconds(40)))
                            .as("burst finished")
                            .isTrue();
                }
                burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(load)
                        .as("pgbench still running when the burst ended")
                        .isNotDone();
                Tools.Result r = load.get(40, TimeUnit.SECONDS);
                assertThat(r.exitCode()).as(r.output()).isZero();
                assertThat(r.output()).contains("number of failed transactions: 0");

                assertThat(failures).as("burst clients not served").isEmpty();
                assertThat(served.get()).isEqualTo(BURST);
                sampler.close();
                assertThat(sampler.samples()).isGreaterThan(100);
                assertThat(sampler.max("engine")).isLessThanOrEqualTo(POOL);
                assertThat(sampler.max("proxy")).isLessThanOrEqualTo(POOL);
                assertThat(sampler.max("postgres")).isLessThanOrEqualTo(POOL);
                System.out.printf(
                        "burst: %d clients (%d at a time, 1 in %d with a statement) in %d ms = %.0f logins/s while "
                                + "pgbench -S -c 50 ran at %.0f tps; max seen %s (pool %d)%n",
                        BURST,
                        AT_ONCE,
                        QUERY_EVERY,
                        burstMillis,
                        BURST * 1000.0 / burstMillis,
                        ChaosLatencyIT.tps(r.output()),
                        sampler,
                        POOL);
            }
            pg.awaitSameAsProxy(proxy);
            Await.until(() -> proxy.px.clients().connections() == 0);
        }
    }
}
