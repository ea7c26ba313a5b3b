package io.berth.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded waiting for a condition that another thread brings about; never a fixed sleep. */
public final class Await {
    private static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {}

    /** Polls every 0.1 ms until {@code condition} holds; fails after ten seconds. */
    public static void until(BooleanSupplier condition) {
        until(DEFAULT, condition);
    }

    public static void until(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + limit);
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
