package io.berth.resilience.internal;

import io.berth.resilience.NanoClock;

/** {@link System#nanoTime()} as a singleton, so that deadlines made on the system clock compare with each other. */
public enum SystemNanoClock implements NanoClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "NanoClock.system()";
    }
}
