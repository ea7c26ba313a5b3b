package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Await;
import io.berth.testkit.net.FaultRelay;
import io.berth.testkit.net.FaultRelay.Direction;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A partition between the proxy and PostgreSQL that heals before any timeout (bytes held 1.5 s
 * both ways, then delivered, as TCP does): transactions in flight and new ones wait it out and
 * commit; no client gets an error and no server connection is replaced.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChaosPartitionIT {
    private static final int POOL = 4;
    private static final Duration PARTITION = Duration.ofMillis(1_500);

    @BeforeAll
    static void prepare() throws Exception {
        ChaosDb.prepare();
    }

    @Test
    void aPartitionShorterThanTheTimeoutsCostsNoClientAnError() throws Exception {
        try (FaultRelay relay = FaultRelay.start("127.0.0.1", 5432);
                TestProxy proxy = ChaosDb.proxy(
                        ChaosDb.settings(100, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(10)),
                        relay.host(),
                        relay.port(),
                        POOL);
                PgActivity pg = new PgActivity(ChaosDb.NAME)) {
            Workload load = Workload.start(proxy, 6, Duration.ofSeconds(10));
            Await.until(() -> load.committed() >= 100 && relay.counts().open() == POOL);
            long accepted = relay.counts().accepted();

            long before = load.committed();
            long at = System.nanoTime();
            relay.drop(Direction.BOTH, PARTITION);
            Await.until(() -> load.committed() >= before + 100);
            long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at);
            load.stop();

            assertThat(load.failures()).isEmpty();
            // The transactions caught by the partition waited it out.
            assertThat(load.slowestMillis()).isGreaterThanOrEqualTo(PARTITION.toMillis() - 100);
            assertThat(relay.counts().accepted())
                    .as("no server connection replaced")
                    .isEqualTo(accepted);
            load.checkLedger();
            pg.awaitSameCountAsProxy(proxy, () -> relay.counts().open());
            System.out.printf(
                    "partition of %d ms: 0 failed, %d committed, slowest transaction %d ms, 100 more commits %d ms "
                            + "after it began, server connections opened %d (none replaced)%n",
                    PARTITION.toMillis(), load.committed(), load.slowestMillis(), resumedMillis, accepted);
        }
    }
}
