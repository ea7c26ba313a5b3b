package io.berth.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to. It starts 30 seconds before {@code long} overflow, so every test that spans
 * more than 30 s also checks that time is compared by subtraction and survives the wrap.
 */
final class FakeClock implements NanoClock {

    static final long START = Long.MAX_VALUE - Duration.ofSeconds(30).toNanos();

    private final AtomicLong now = new AtomicLong(START);

    @Override
    public long nanoTime() {
        return now.get();
    }

    void advance(Duration amount) {
        advanceNanos(amount.toNanos());
    }

    void advanceNanos(long nanos) {
        now.addAndGet(nanos);
    }

    /** Nanoseconds since the clock was made. */
    long elapsedNanos() {
        return now.get() - START;
    }
}
