package io.berth.micrometer;

import io.berth.pool.PoolScheduler;
import io.berth.resilience.NanoClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** A clock and a scheduler that move only when a test says so: nothing sleeps, nothing races. */
final class ManualTime implements NanoClock, PoolScheduler {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();

    private record Task(Runnable runnable, long dueAt) {}

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        tasks.add(new Task(task, now.get() + delayNanos));
    }

    /** Moves the clock by {@code by}, without running anything. */
    void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    /** Moves the clock by {@code by}, then runs every task now due, including those they schedule. */
    void advanceAndRun(Duration by) {
        advance(by);
        for (; ; ) {
            List<Task> due = new ArrayList<>();
            for (Task t : tasks) {
                if (t.dueAt() - now.get() <= 0 && tasks.remove(t)) {
                    due.add(t);
                }
            }
            if (due.isEmpty()) {
                return;
            }
            due.forEach(t -> t.runnable().run());
        }
    }
}
