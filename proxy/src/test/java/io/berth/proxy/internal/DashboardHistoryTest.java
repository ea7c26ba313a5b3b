package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.internal.DashboardHistory.Sample;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DashboardHistoryTest {
    private static Sample at(long millis) {
        return new Sample(millis, 1, 0, 1, 0, 0, 0, 10, 20, 5, 3, 9, 0);
    }

    private static List<Long> times(List<Sample> samples) {
        return samples.stream().map(Sample::at).toList();
    }

    @Test
    void keepsTheLastCapacitySamplesOldestFirst() {
        DashboardHistory h = new DashboardHistory(3);
        for (long t = 1; t <= 5; t++) {
            h.add(at(t * 1000));
        }

        assertThat(times(h.since(Long.MIN_VALUE))).containsExactly(3000L, 4000L, 5000L);
    }

    @Test
    void sinceGivesOnlyLaterSamples() {
        DashboardHistory h = new DashboardHistory(DashboardHistory.FIFTEEN_MINUTES);
        for (long t = 1; t <= 4; t++) {
            h.add(at(t * 1000));
        }

        assertThat(times(h.since(2000))).containsExactly(3000L, 4000L);
        assertThat(h.since(4000)).isEmpty();
        assertThat(new DashboardHistory(5).since(Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void aReaderDuringWritesSeesIncreasingTimesOnly() throws InterruptedException {
        DashboardHistory h = new DashboardHistory(16);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> problem = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                List<Long> seen = times(h.since(Long.MIN_VALUE));
                for (int i = 1; i < seen.size(); i++) {
                    if (seen.get(i) <= seen.get(i - 1)) {
                        problem.set("out of order: " + seen);
                    }
                }
                if (seen.size() > 16) {
                    problem.set("more than the capacity: " + seen.size());
                }
            }
        });
        for (long t = 1; t <= 200_000; t++) {
            h.add(at(t));
        }
        done.set(true);
        reader.join();

        assertThat(problem.get()).isNull();
        assertThat(times(h.since(Long.MIN_VALUE))).hasSize(16).endsWith(200_000L);
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new DashboardHistory(0)).hasMessage("capacity = 0 is invalid: must be at least 1");
    }
}
