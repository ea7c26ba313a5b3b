package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.net.FaultRelay;
import io.berth.testkit.net.FaultRelay.Direction;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A slow network between the proxy and PostgreSQL (10 ms each way plus up to 5 ms jitter): queries
 * still work, each at least a round trip slower, and pgbench's throughput is bounded by pool_size
 * over the round trip, which shows both the latency and the cap at work.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChaosLatencyIT {
    private static final int POOL = 4;
    private static final Duration ONE_WAY = Duration.ofMillis(10);

    @BeforeAll
    static void prepare() throws Exception {
        ChaosDb.prepare();
    }

    @Test
    void queriesWorkSlowerAndThroughputIsBoundedByPoolSizeOverTheRoundTrip() throws Exception {
        try (FaultRelay relay = FaultRelay.start("127.0.0.1", 5432);
                TestProxy proxy = ChaosDb.proxy(
                        ChaosDb.settings(100, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(10)),
                        relay.host(),
                        relay.port(),
                        POOL);
                PgActivity pg = new PgActivity(ChaosDb.NAME)) {
            relay.latency(Direction.BOTH, ONE_WAY, Duration.ofMillis(5));
            long roundTrip = 2 * ONE_WAY.toMillis();

            long slowest = 0;
            long total = 0;
            Properties p = new Properties();
            p.setProperty("socketTimeout", "20");
            try (Connection c = proxy.connect(ChaosDb.NAME, p);
                    Statement st = c.createStatement()) {
                st.execute("select 1"); // the first one also logs in to the server
                for (int i = 0; i < 20; i++) {
                    long start = System.nanoTime();
                    st.execute("select 1");
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertThat(ms).isGreaterThanOrEqualTo(roundTrip);
                    slowest = Math.max(slowest, ms);
                    total += ms;
                }
            }

            Tools.Result r = Tools.pgbench(proxy.port, ChaosDb.NAME, "-S", "-c", "8", "-j", "2", "-T", "4", "-n");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("number of failed transactions: 0");
            double tps = tps(r.output());
            // Each transaction holds a server connection for at least a round trip.
            double bound = POOL * 1000.0 / roundTrip;
            assertThat(tps).isPositive().isLessThanOrEqualTo(bound * 1.05);

            assertThat(relay.counts().open()).isLessThanOrEqualTo(POOL);
            pg.awaitSameCountAsProxy(proxy, () -> relay.counts().open());
            System.out.printf(
                    "latency %d ms each way (+0-5 ms): select 1 avg %d ms, slowest %d ms; pgbench -S -c 8 %.1f tps "
                            + "(bound %.0f = pool %d / %d ms round trip)%n",
                    ONE_WAY.toMillis(), total / 20, slowest, tps, bound, POOL, roundTrip);
        }
    }

    static double tps(String pgbenchOutput) {
        Matcher m = Pattern.compile("tps = ([0-9.]+)").matcher(pgbenchOutput);
        assertThat(m.find()).as(pgbenchOutput).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
