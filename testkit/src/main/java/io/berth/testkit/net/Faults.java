package io.berth.testkit.net;

import io.berth.testkit.net.FaultRelay.Direction;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The faults a {@link FaultRelay} applies now, one {@link Rule} per direction, switched at runtime
 * by the test and read by every pump before it forwards a chunk.
 *
 * <p>Rules are immutable and swapped whole (volatile writes), so a pump reads a consistent rule
 * without a lock. Holding (drop) is the one state a pump waits on: it waits on {@link #changed}
 * with a deadline, and every switch signals, so {@link #normal()} releases held pumps at once.
 */
final class Faults {
    /** What happens to bytes going one way. Nanosecond fields; {@code heldUntil} is a nanoTime or 0. */
    record Rule(long latencyNanos, long jitterNanos, boolean blackhole, long heldUntil) {
        static final Rule NORMAL = new Rule(0, 0, false, 0);

        long delayNanos() {
            return latencyNanos
                    + (jitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterNanos + 1));
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Rule toTarget = Rule.NORMAL;
    private volatile Rule toClient = Rule.NORMAL;
    private volatile boolean refuse;

    Rule rule(Direction d) {
        return d == Direction.TO_TARGET ? toTarget : toClient;
    }

    boolean refusing() {
        return refuse;
    }

    void refuse(boolean on) {
        refuse = on;
    }

    void latency(Direction d, Duration fixed, Duration jitter) {
        if (fixed.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("latency and jitter must not be negative: " + fixed + ", " + jitter);
        }
        update(d, r -> new Rule(fixed.toNanos(), jitter.toNanos(), r.blackhole(), r.heldUntil()));
    }

    void blackhole(Direction d) {
        update(d, r -> new Rule(r.latencyNanos(), r.jitterNanos(), true, r.heldUntil()));
    }

    void hold(Direction d, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a drop lasts a positive duration, not " + duration);
        }
        long until = System.nanoTime() + duration.toNanos();
        update(d, r -> new Rule(r.latencyNanos(), r.jitterNanos(), r.blackhole(), until == 0 ? 1 : until));
    }

    void normal() {
        refuse = false;
        lock.lock();
        try {
            toTarget = Rule.NORMAL;
            toClient = Rule.NORMAL;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void update(Direction d, java.util.function.UnaryOperator<Rule> change) {
        lock.lock();
        try {
            if (d != Direction.TO_CLIENT) {
                toTarget = change.apply(toTarget);
            }
            if (d != Direction.TO_TARGET) {
                toClient = change.apply(toClient);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits while bytes going {@code d} are held by a drop; returns the rule in force after. */
    Rule awaitFlowing(Direction d) throws InterruptedException {
        Rule r = rule(d);
        if (r.heldUntil() == 0) {
            return r;
        }
        lock.lock();
        try {
            while (true) {
                r = rule(d);
                long left = r.heldUntil() == 0 ? 0 : r.heldUntil() - System.nanoTime();
                if (left <= 0) {
                    return r;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps until {@code dueNanos} (a nanoTime); returns at once when it has passed. */
    static void sleepUntil(long dueNanos) throws InterruptedException {
        long left = dueNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
