package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Await;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ten thousand clients log in and leave in a burst while 50 pgbench clients run through the proxy
 * in transaction mode on a pool of 10: every burst client is served, pgbench sees no failure, and
 * the server connections never exceed the pool's size, neither by the proxy's count nor by
 * PostgreSQL's.
 *
 * <p>pgbench runs in back-to-back 5-second runs until the burst is over, so the load lasts as long
 * as the burst however busy the machine is, and the test as long as the burst plus one run.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
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
        try (TestProxy proxy = ChaosDb.proxy(
                        ChaosDb.settings(2_000, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(20)),
                        "127.0.0.1",
                        5432,
                        POOL);
                PgActivity pg = new PgActivity(ChaosDb.NAME)) {
            Queue<Tools.Result> runs = new ConcurrentLinkedQueue<>();
            AtomicInteger burstDone = new AtomicInteger();
            Thread bench = Thread.ofVirtual().name("pgbench").start(() -> {
                do {
                    try {
                        runs.add(Tools.pgbench(
                                proxy.port, ChaosDb.NAME, "-S", "-c", "50", "-j", "2", "-T", "5", "-n", "-P", "1"));
                    } catch (Exception e) {
                        runs.add(new Tools.Result(-1, e.toString()));
                        return;
                    }
                } while (burstDone.get() == 0);
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
                long samplesBefore = sampler.samples();
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
                    assertThat(t.join(Duration.ofSeconds(60)))
                            .as("burst finished")
                            .isTrue();
                }
                burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                long samplesDuringBurst = sampler.samples() - samplesBefore;
                burstDone.set(1);
                assertThat(bench.join(Duration.ofSeconds(30)))
                        .as("pgbench finished")
                        .isTrue();
                sampler.close();

                assertThat(failures).as("burst clients not served").isEmpty();
                assertThat(served.get()).isEqualTo(BURST);
                for (Tools.Result r : runs) {
                    assertThat(r.exitCode()).as(r.output()).isZero();
                    assertThat(r.output()).contains("number of failed transactions: 0");
                }
                assertThat(samplesDuringBurst)
                        .as("samples taken during the burst")
                        .isGreaterThanOrEqualTo(10);
                assertThat(sampler.max("engine")).isLessThanOrEqualTo(POOL);
                assertThat(sampler.max("proxy")).isLessThanOrEqualTo(POOL);
                assertThat(sampler.max("postgres")).isLessThanOrEqualTo(POOL);
                System.out.printf(
                        "burst: %d clients (%d at a time, 1 in %d with a statement) in %d ms = %.0f logins/s while "
                                + "pgbench -S -c 50 ran %d time(s) for 5 s: %s tps, 0 failed; per second %s; "
                                + "max seen %s (pool %d)%n",
                        BURST,
                        AT_ONCE,
                        QUERY_EVERY,
                        burstMillis,
                        BURST * 1000.0 / burstMillis,
                        runs.size(),
                        runs.stream()
                                .map(r -> Math.round(ChaosLatencyIT.tps(r.output())))
                                .toList(),
                        runs.stream().map(ChaosBurstIT::perSecond).toList(),
                        sampler,
                        POOL);
            }
            pg.awaitSameAsProxy(proxy);
            Await.until(() -> proxy.px.clients().connections() == 0);
        }
    }

    /** The tps of each second of a run, from pgbench's progress lines. */
    private static List<Long> perSecond(Tools.Result r) {
        Pattern p = Pattern.compile("^progress: [0-9.]+ s, ([0-9.]+) tps");
        return r.lines().stream()
                .map(p::matcher)
                .filter(Matcher::find)
                .map(m -> Math.round(Double.parseDouble(m.group(1))))
                .toList();
    }
}
