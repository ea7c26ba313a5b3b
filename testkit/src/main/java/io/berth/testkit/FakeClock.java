package io.berth.testkit;

import io.berth.resilience.NanoClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. Starts at an arbitrary non-zero time, as nanoTime does. */
public final class FakeClock implements NanoClock {
    private final AtomicLong now;

    public FakeClock() {
        this(1_000_000_000L);
    }

    public FakeClock(long startNanos) {
        this.now = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** Moves the clock forward and returns the new time. */
    public long advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward; advance by " + by);
        }
        return now.addAndGet(by.toNanos());
    }

    @Override
    public String toString() {
        return "FakeClock[" + now.get() + "]";
    }
}
