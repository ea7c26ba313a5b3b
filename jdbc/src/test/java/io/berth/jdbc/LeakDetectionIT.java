package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pool.PoolListener;
import io.berth.testkit.Await;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LeakDetectionIT {

    @Test
    void connectionHeldPastTheThresholdIsReportedWithTheBorrowersStack() throws Exception {
        BerthConfig config = BerthConfig.custom()
                .jdbcUrl(BerthDataSourceIT.PG_URL)
                .username("postgres")
                .poolName("leak-it")
                .maximumPoolSize(1)
                .leakDetectionThreshold(Duration.ofSeconds(2))
                .build();
        AtomicReference<Throwable> leak = new AtomicReference<>();
        AtomicReference<Long> recovered = new AtomicReference<>();
        try (BerthDataSource ds = new BerthDataSource(config)) {
            ds.pool().addListener(new PoolListener() {
                @Override
                public void onLeakSuspected(String pool, long heldNanos, Throwable acquiredAt) {
                    leak.set(acquiredAt);
                }

                @Override
                public void onLeakRecovered(String pool, long heldNanos) {
                    recovered.set(heldNanos);
                }
            });
            Connection forgotten = borrowAndForget(ds);
            Await.until(Duration.ofSeconds(10), () -> leak.get() != null);
            assertThat(leak.get().getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("borrowAndForget"));
            forgotten.close();
            assertThat(recovered.get())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        }
    }

    private static Connection borrowAndForget(BerthDataSource ds) throws Exception {
        return ds.getConnection();
    }
}
