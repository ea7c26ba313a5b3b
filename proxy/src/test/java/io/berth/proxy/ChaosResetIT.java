package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Await;
import io.berth.testkit.net.FaultRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every connection between the proxy and PostgreSQL reset (RST) while clients run transactions:
 * each failed transaction gets an error at once, never a hang, the proxy recovers by itself, no
 * committed transaction is lost, and nothing leaks on either side.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChaosResetIT {
    private static final int POOL = 4;
    private static final long ERROR_WITHIN_MILLIS = 3_000;

    @BeforeAll
    static void prepare() throws Exception {
        ChaosDb.prepare();
    }

    private static TestProxy proxy(FaultRelay relay) throws Exception {
        return ChaosDb.proxy(
                ChaosDb.settings(100, Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(5)),
                relay.host(),
                relay.port(),
                POOL);
    }

    @Test
    void resetsUnderLoadFailOnlyTheTransactionsInFlightAndTheProxyRecoversByItself() throws Exception {
        try (FaultRelay relay = FaultRelay.start("127.0.0.1", 5432);
                TestProxy proxy = proxy(relay);
                PgActivity pg = new PgActivity(ChaosDb.NAME)) {
            Workload load = Workload.start(proxy, 8, Duration.ofSeconds(15));
            Await.until(() -> load.committed() >= 100);
            List<Long> recoveries = new ArrayList<>();
            int reset = 0;
            for (int round = 0; round < 3; round++) {
                long before = load.committed();
                long at = System.nanoTime();
                reset += relay.reset();
                Await.until(() -> load.committed() >= before + 20);
                recoveries.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at));
            }
            load.stop();
            List<Workload.Failure> failures = load.failures();
            assertThat(reset).isGreaterThanOrEqualTo(3);
            assertThat(failures).noneMatch(Workload.Failure::hang);
            assertThat(failures).allMatch(f -> f.tookMillis() < ERROR_WITHIN_MILLIS, "failed within 3 s");
            assertThat(failures)
                    .allSatisfy(f -> assertThat(f.sqlState()).as(f.message()).isEqualTo("08006"));
            long rows = load.checkLedger();
            pg.awaitSameCountAsProxy(proxy, () -> relay.counts().open());
            System.out.printf(
                    "resets under load: %d connections reset in 3 rounds, %d committed, %d failed, ledger %d rows, "
                            + "recovery %s ms, slowest transaction %d ms; failures %s%n",
                    reset,
                    load.committed(),
                    failures.size(),
                    rows,
                    recoveries,
                    load.slowestMillis(),
                    load.failureKinds());
        }
    }
}
