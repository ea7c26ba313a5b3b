package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import io.berth.resilience.CircuitBreaker;
import io.berth.testkit.Await;
import io.berth.testkit.ScriptableConnector;
import io.berth.testkit.TestConnection;
import io.berth.testkit.engine.PoolStress.Borrowers;
import io.berth.testkit.engine.PoolStress.Outcome;
import io.berth.testkit.engine.PoolStress.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many borrowers on a small pool with a chaotic connector, on the real clock: the pool never lends a
 * connection twice nor a closed one, never holds more than its cap, settles every acquire with a
 * connection or a timeout, leaves no borrower hanging, and closes everything when closed.
 */
class PoolStressTest {

    static List<Arguments> pools() {
        List<Arguments> all = new ArrayList<>();
        for (int maxSize : new int[] {1, 2, 16}) {
            for (Borrowers borrowers : Borrowers.values()) {
                // 1 ns: nearly every borrow after a housekeeping tick (10 ms) validates; ZERO: never.
                for (Duration validateIdleAfter : new Duration[] {Duration.ofNanos(1), Duration.ZERO}) {
                    all.add(Arguments.of(Settings.of(maxSize, borrowers, validateIdleAfter)));
                }
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    @Timeout(60)
    void connectionsAreNeverLentTwiceNorAboveTheCapAndAllCloseWithThePool(Settings settings) throws Exception {
        Outcome o = PoolStress.run(settings);
        System.out.println("stress " + o);
        assertInvariants(o);
    }

    /**
     * The smallest load that shows the backend getting more than maxSize connections: every lease
     * is invalidated, so every return closes a connection and opens a replacement while other
     * threads ask for more. A race, so not caught every time: on daf4b8b and 2416ee4 it opened a third
     * connection in 3 of 4 of these three-second runs, and in about half of one-second runs, on this
     * busy 2-core machine.
     */
    @Test
    @Timeout(30)
    void replacingEvictedConnectionsFromManyThreadsNeverOpensMoreThanMaxSize() throws Exception {
        ScriptableConnector connector = new ScriptableConnector();
        ExecutorService createExecutor = Executors.newVirtualThreadPerTaskExecutor();
        Pool<TestConnection> pool = Pool.create(
                PoolConfig.custom()
                        .name("churn")
                        .maxSize(2)
                        .createExecutor(createExecutor)
                        .breaker(null)
                        .build(),
                connector);
        LongAdder leases = new LongAdder();
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                while (System.nanoTime() - deadline < 0) {
                    try {
                        pool.acquire(Duration.ofSeconds(1)).invalidate();
                        leases.increment();
                    } catch (AcquireTimeoutException | InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(10))).as("%s finished", t).isTrue();
        }
        pool.close();
        Await.until(() -> connector.open() == 0);
        createExecutor.shutdown();
        System.out.println(
                "churn leases=" + leases.sum() + " created=" + connector.created() + " maxOpen=" + connector.maxOpen());

        assertThat(leases.sum()).isGreaterThan(1_000);
        assertThat(connector.maxOpen())
                .as("connections open at the backend at once, maxSize=2, after %d replacements", connector.created())
                .isLessThanOrEqualTo(2);
    }

    /** The invariants every stress run must keep; shared with the pinning check. */
    static void assertInvariants(Outcome o) {
        int maxSize = o.settings().maxSize();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(o.hangingThreads())
                .as("borrowers still running long after the deadline; %s", o)
                .isEmpty();
        soft.assertThat(o.unexpected())
                .as("exceptions other than PoolException (%d in all); %s", o.unexpectedCount(), o)
                .isEmpty();
        soft.assertThat(o.lentTwice())
                .as("connections lent to two borrowers at once; %s", o)
                .isZero();
        soft.assertThat(o.lentClosed()).as("closed connections lent; %s", o).isZero();
        soft.assertThat(o.asyncNeverCompleted())
                .as("async acquires not settled within timeout + %s; %s", PoolStress.ASYNC_SLACK, o)
                .isZero();
        soft.assertThat(o.successes() + o.failures())
                .as("every attempt ends in a lease or a PoolException; %s", o)
                .isEqualTo(o.attempts());
        soft.assertThat(o.otherPoolFailures())
                .as("the only failure a running pool with a closed breaker may give is a timeout; %s", o)
                .isEmpty();
        soft.assertThat(o.breakerAtEnd())
                .as("chaos must not open this breaker; %s", o)
                .isEqualTo(CircuitBreaker.State.CLOSED);
        // A healthy pool lends 25k-360k times a second here (70k+ under JFR); a broken one next to none.
        soft.assertThat(o.successes())
                .as("a pool that mostly works lends a lot; %s", o)
                .isGreaterThan(5_000L);
        soft.assertThat(o.threadsServed())
                .as("FIFO waiting serves every borrower at least once; %s", o)
                .isEqualTo(o.settings().borrowers().count);
        soft.assertThat(o.monitorSamples()).as("the monitor ran; %s", o).isPositive();
        soft.assertThat(o.maxTotalSeen())
                .as("pool.stats().total() sampled during the run; %s", o)
                .isLessThanOrEqualTo(maxSize);
        soft.assertThat(o.capViolationsSeen())
                .as("samples with total > maxSize; %s", o)
                .isZero();
        soft.assertThat(o.maxOpenAtBackend())
                .as("connections open at the backend at once (created, not yet closed); %s", o)
                .isLessThanOrEqualTo(maxSize);
        soft.assertThat(o.openAfterClose())
                .as("connections still open 10 s after close(); %s", o)
                .isZero();
        soft.assertThat(o.connectionsNotClosed())
                .as("connections never closed; %s", o)
                .isZero();
        soft.assertAll();
        assertThat(o.elapsed()).isLessThan(Duration.ofSeconds(30));
    }
}
