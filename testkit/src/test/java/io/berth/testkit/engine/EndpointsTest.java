package io.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.Endpoints;
import io.berth.testkit.FakeClock;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    private final FakeClock clock = new FakeClock();
    private final Map<String, Integer> loads = new HashMap<>();

    private Endpoints<String> endpoints(String... names) {
        for (String n : names) {
            loads.putIfAbsent(n, 0);
        }
        return Endpoints.<String>custom(List.of(names), loads::get)
                .clock(clock)
                .random(new SplittableRandom(42))
                .build();
    }

    private static Map<String, Integer> picks(Endpoints<String> e, int n) {
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String picked = e.pick();
            count.merge(String.valueOf(picked), 1, Integer::sum);
        }
        return count;
    }

    @Test
    void theLessLoadedOfTwoDrawsWinsSoTheMostLoadedIsNeverPicked() {
        Endpoints<String> e = endpoints("a", "b", "c");
        loads.put("a", 0);
        loads.put("b", 1);
        loads.put("c", 2);
        Map<String, Integer> count = picks(e, 3000);
        assertThat(count).doesNotContainKey("c");
        assertThat(count.get("a")).as("wins two of the three pairs").isBetween(1800, 2200);
        assertThat(count.get("b")).isBetween(800, 1200);
    }

    @Test
    void callersSpreadEvenlyWhenEachPickAddsLoad() {
        Endpoints<String> e = endpoints("a", "b", "c", "d");
        for (int i = 0; i < 400; i++) {
            loads.merge(e.pick(), 1, Integer::sum);
        }
        assertThat(loads.values()).allSatisfy(l -> assertThat(l).isBetween(97, 103));
    }

    @Test
    void aFailedEndpointIsEjectedForASecondThenReadmitted() {
        Endpoints<String> e = endpoints("a", "b");
        ConnectException refused = new ConnectException("Connection refused");
        assertThat(e.failed("b", refused)).isTrue();
        assertThat(e.isEjected("b")).isTrue();
        assertThat(picks(e, 100)).containsOnlyKeys("a");

        clock.advance(Duration.ofMillis(999));
        assertThat(picks(e, 100)).containsOnlyKeys("a");
        Endpoints.Status<String> b = e.status().get(1);
        assertThat(b.ejected()).isTrue();
        assertThat(b.ejectedFor()).isEqualTo(Duration.ofMillis(1));
        assertThat(b.lastFailure()).isSameAs(refused);

        clock.advance(Duration.ofMillis(1));
        assertThat(e.isEjected("b")).isFalse();
        loads.put("a", 1);
        assertThat(picks(e, 10)).containsOnlyKeys("b");
    }

    @Test
    void ejectionsInARowDoubleUpToTheCap() {
        Endpoints<String> e = endpoints("a", "b");
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            assertThat(e.failed("a", new ConnectException("refused"))).isTrue();
            Duration left = e.status().get(0).ejectedFor();
            seconds.add(left.toSeconds());
            clock.advance(left);
        }
        assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(e.status().get(0).ejections()).isEqualTo(9);
    }

    @Test
    void failuresDuringAnEjectionAreOneEjectionNotADoublingEach() {
        Endpoints<String> e = endpoints("a", "b");
        assertThat(e.failed("a", new ConnectException("first"))).isTrue();
        clock.advance(Duration.ofMillis(300));
        ConnectException later = new ConnectException("later");
        assertThat(e.failed("a", later)).isFalse();
        assertThat(e.failed("a", later)).isFalse();
        Endpoints.Status<String> a = e.status().get(0);
        assertThat(a.ejectedFor()).isEqualTo(Duration.ofMillis(700));
        assertThat(a.ejections()).isEqualTo(1);
        assertThat(a.lastFailure()).isSameAs(later);
    }

    @Test
    void aSuccessReadmitsAtOnceAndTheNextEjectionStartsShortAgain() {
        Endpoints<String> e = endpoints("a", "b");
        e.failed("a", new ConnectException("1"));
        clock.advance(Duration.ofSeconds(1));
        e.failed("a", new ConnectException("2"));
        assertThat(e.status().get(0).ejectedFor()).isEqualTo(Duration.ofSeconds(2));

        assertThat(e.succeeded("a")).as("it had failed").isTrue();
        assertThat(e.succeeded("a")).as("nothing to forget").isFalse();
        assertThat(e.isEjected("a")).isFalse();
        Endpoints.Status<String> a = e.status().get(0);
        assertThat(a.ejections()).isZero();
        assertThat(a.lastFailure()).isNull();
        e.failed("a", new ConnectException("3"));
        assertThat(e.status().get(0).ejectedFor()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void withEveryEndpointEjectedPickIsNullAndTheFirstBackIsPicked() {
        Endpoints<String> e = endpoints("a", "b");
        e.failed("a", new ConnectException("a down"));
        clock.advance(Duration.ofMillis(500));
        e.failed("b", new ConnectException("b down"));
        assertThat(e.pick()).isNull();
        clock.advance(Duration.ofMillis(500));
        assertThat(picks(e, 20)).containsOnlyKeys("a");
        assertThat(e.status()).extracting(Endpoints.Status::ejected).containsExactly(false, true);
    }

    @Test
    void aSingleEndpointIsPickedUntilEjected() {
        Endpoints<String> e = endpoints("only");
        assertThat(e.pick()).isEqualTo("only");
        e.failed("only", new ConnectException("down"));
        assertThat(e.pick()).isNull();
    }

    @Test
    void concurrentFailuresOfOneOutageEjectOnce() throws Exception {
        Endpoints<String> e =
                Endpoints.<String>custom(List.of("a", "b"), x -> 0).clock(clock).build();
        AtomicInteger ejections = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException ie) {
                    return;
                }
                for (int k = 0; k < 100; k++) {
                    if (e.failed("a", new ConnectException("down"))) {
                        ejections.incrementAndGet();
                    }
                    assertThat(e.pick()).isEqualTo("b");
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ejections.get()).isEqualTo(1);
        assertThat(e.status().get(0).ejectedFor()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertThatThrownBy(() -> Endpoints.<String>custom(List.of(), x -> 0))
                .hasMessageContaining("endpoints must hold at least one endpoint");
        String same = "a";
        assertThatThrownBy(() ->
                        Endpoints.<String>custom(List.of(same, same), x -> 0).build())
                .hasMessageContaining("endpoints must be distinct");
        assertThatThrownBy(() -> Endpoints.<String>custom(List.of("a"), x -> 0)
                        .ejectionBase(Duration.ofSeconds(5))
                        .ejectionMax(Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("ejectionMax must be at least ejectionBase=5000 ms, was 1000 ms");
        assertThatThrownBy(() -> Endpoints.<String>custom(List.of("a"), x -> 0).ejectionBase(Duration.ZERO))
                .hasMessageContaining("ejectionBase must be a positive duration");
        Endpoints<String> e = endpoints("a");
        assertThatThrownBy(() -> e.failed(new String("a"), new ConnectException()))
                .as("compared by identity")
                .hasMessageContaining("is not one of these endpoints");
    }
}
