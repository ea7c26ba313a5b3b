package io.berth.testkit;

import io.berth.pool.PoolScheduler;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link PoolScheduler} driven by a {@link FakeClock}: tasks run only inside {@link #advance} or
 * {@link #runDue()}, on the calling thread, in time order. Nothing sleeps.
 */
public final class ManualScheduler implements PoolScheduler {
    private record Task(long at, long seq, Runnable task) {}

    private final FakeClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long seq;

    public ManualScheduler(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        Task scheduled;
        lock.lock();
        try {
            scheduled = new Task(clock.nanoTime() + Math.max(0, delayNanos), seq++, task);
            tasks.add(scheduled);
        } finally {
            lock.unlock();
        }
        return () -> {
            lock.lock();
            try {
                tasks.remove(scheduled);
            } finally {
                lock.unlock();
            }
        };
    }

    /** Moves the clock forward step by step, running every task as its time comes. */
    public void advance(Duration by) {
        long target = clock.nanoTime() + by.toNanos();
        for (; ; ) {
            Task next = peekDue(target);
            if (next == null) {
                break;
            }
            if (next.at > clock.nanoTime()) {
                clock.advance(Duration.ofNanos(next.at - clock.nanoTime()));
            }
            runDue();
        }
        if (target > clock.nanoTime()) {
            clock.advance(Duration.ofNanos(target - clock.nanoTime()));
        }
        runDue();
    }

    /** Runs every task due at the clock's current time (including ones they schedule for now). */
    public int runDue() {
        int ran = 0;
        for (; ; ) {
            Task due = pollDue(clock.nanoTime());
            if (due == null) {
                return ran;
            }
            due.task.run();
            ran++;
        }
    }

    /** Tasks waiting to run. */
    public int pending() {
        lock.lock();
        try {
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    private Task peekDue(long limit) {
        lock.lock();
        try {
            Task t = tasks.peek();
            return t != null && t.at <= limit ? t : null;
        } finally {
            lock.unlock();
        }
    }

    private Task pollDue(long now) {
        lock.lock();
        try {
            Task t = tasks.peek();
            return t != null && t.at <= now ? tasks.poll() : null;
        } finally {
            lock.unlock();
        }
    }
}
