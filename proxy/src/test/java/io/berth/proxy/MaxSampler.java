package io.berth.proxy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Samples a few counts on a virtual thread every {@code period} until stopped, keeping the largest
 * value each one reached and how many samples were taken.
 */
final class MaxSampler implements AutoCloseable {
    private final Map<String, IntSupplier> counts;
    private final Map<String, AtomicInteger> max = new LinkedHashMap<>();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;

    MaxSampler(Duration period, Map<String, IntSupplier> counts) {
        this.counts = new LinkedHashMap<>(counts);
        this.counts.keySet().forEach(k -> max.put(k, new AtomicInteger()));
        this.thread = Thread.ofVirtual().name("max-sampler").start(() -> {
            while (!stop) {
                this.counts.forEach((k, c) -> max.get(k).accumulateAndGet(c.getAsInt(), Math::max));
                samples.incrementAndGet();
                try {
                    TimeUnit.NANOSECONDS.sleep(period.toNanos()); // the sampling period, not a wait for a result
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    int max(String name) {
        return max.get(name).get();
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        // No interrupt: it would close a socket a sampled count may be reading (a JDBC query).
        stop = true;
        if (!thread.join(Duration.ofSeconds(10))) {
            throw new AssertionError("the sampler did not stop");
        }
    }

    @Override
    public String toString() {
        return max + " over " + samples + " samples";
    }
}
