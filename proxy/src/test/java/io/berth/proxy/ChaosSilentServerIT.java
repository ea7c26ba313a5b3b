package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.Target;
import io.berth.testkit.Await;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that accepts TCP and never answers: its clients get a clear error within
 * server_connect_timeout (plus a margin), never a hang; the proxy closes the connections it gave up
 * on; clients of another database are served as usual all the while.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChaosSilentServerIT {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** What a client may wait beyond server_connect_timeout: scheduling on a busy 2-core machine. */
    private static final long MARGIN_MILLIS = 2_500;

    @BeforeAll
    static void prepare() throws Exception {
        ChaosDb.prepare();
    }

    /** What one client saw: how long until its error, and the error. */
    private record Outcome(long millis, SQLException error) {}

    @Test
    void clientsOfAServerThatNeverAnswersGetAnErrorInTimeAndOtherDatabasesAreServed() throws Exception {
        try (SilentServer silent = new SilentServer();
                TestProxy proxy = TestProxy.start(
                        ChaosDb.settings(100, CONNECT_TIMEOUT, Duration.ofSeconds(1), Duration.ofSeconds(6)),
                        (db, user) -> switch (db) {
                            case "silent" ->
                                new Target(
                                        "127.0.0.1",
                                        silent.port(),
                                        "test",
                                        "postgres",
                                        null,
                                        2,
                                        0,
                                        0,
                                        PoolMode.TRANSACTION,
                                        null);
                            case ChaosDb.NAME -> ChaosDb.target("127.0.0.1", 5432, 2);
                            default -> null;
                        })) {
            Neighbour neighbour = new Neighbour(proxy);
            Await.until(() -> neighbour.queries.get() >= 20);

            List<Outcome> first = connectAll(proxy, 6);
            List<SilentServer.Held> givenUp = silent.snapshot();
            List<Outcome> second = connectAll(proxy, 3);
            neighbour.stop();

            long limit = CONNECT_TIMEOUT.toMillis() + MARGIN_MILLIS;
            for (Outcome o : concat(first, second)) {
                assertThat((Throwable) o.error())
                        .as("a client of the silent server")
                        .isNotNull();
                assertThat(o.error().getSQLState()).isEqualTo("08006");
                assertThat(o.error().getMessage()).contains("server_connect_timeout");
                assertThat(o.millis()).isLessThan(limit);
            }
            assertThat(neighbour.errors.get()).isZero();
            assertThat(neighbour.slowestMillis.get()).isLessThan(1_000);

            // The proxy closes every connection it gave up on, within server_connect_timeout.
            assertThat(givenUp).isNotEmpty();
            Await.until(() -> givenUp.stream().allMatch(h -> h.endedAt != 0));
            assertThat(givenUp).allMatch(h -> h.heldMillis() <= CONNECT_TIMEOUT.toMillis() + 1_000);
            System.out.printf(
                    "silent server: first wave errors after %s ms, second wave %s ms; %d connections accepted, "
                            + "longest held %d ms; neighbour %d queries, slowest %d ms%n",
                    first.stream().map(Outcome::millis).toList(),
                    second.stream().map(Outcome::millis).toList(),
                    silent.accepted(),
                    givenUp.stream()
                            .mapToLong(SilentServer.Held::heldMillis)
                            .max()
                            .orElse(0),
                    neighbour.queries.get(),
                    neighbour.slowestMillis.get());
        }
    }

    private static List<Outcome> concat(List<Outcome> a, List<Outcome> b) {
        List<Outcome> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** {@code n} pgjdbc clients log in to the silent database at once and run a statement. */
    private static List<Outcome> connectAll(TestProxy proxy, int n) throws Exception {
        List<CompletableFuture<Outcome>> all = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < n; i++) {
            all.add(CompletableFuture.supplyAsync(
                    () -> {
                        long start = System.nanoTime();
                        Properties p = new Properties();
                        // Guards only: the proxy must answer long before any of these.
                        p.setProperty("connectTimeout", "20");
                        p.setProperty("loginTimeout", "20");
                        p.setProperty("socketTimeout", "20");
                        try (Connection c = proxy.connect("silent", p);
                                Statement st = c.createStatement()) {
                            st.execute("select 1");
                            return new Outcome(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), null);
                        } catch (SQLException e) {
                            return new Outcome(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), e);
                        }
                    },
                    threads));
        }
        threads.shutdown();
        List<Outcome> out = new ArrayList<>();
        for (CompletableFuture<Outcome> f : all) {
            out.add(f.get(25, TimeUnit.SECONDS));
        }
        return out;
    }

    /** A client of the healthy database running statements in a loop, timing each. */
    private static final class Neighbour {
        final AtomicInteger queries = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicLong slowestMillis = new AtomicLong();
        private volatile boolean stop;
        private final Thread thread;

        Neighbour(TestProxy proxy) {
            thread = Thread.ofVirtual().start(() -> {
                Properties p = new Properties();
                p.setProperty("socketTimeout", "20");
                try (Connection c = proxy.connect(ChaosDb.NAME, p);
                        Statement st = c.createStatement()) {
                    while (!stop) {
                        long start = System.nanoTime();
                        st.execute("select 1");
                        slowestMillis.accumulateAndGet(
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
                        queries.incrementAndGet();
                        Thread.sleep(5); // a steady trickle, not a busy loop on a shared 2-core machine
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (SQLException e) {
                    errors.incrementAndGet();
                }
            });
        }

        void stop() throws InterruptedException {
            stop = true;
            assertThat(thread.join(Duration.ofSeconds(25))).isTrue();
        }
    }
}
