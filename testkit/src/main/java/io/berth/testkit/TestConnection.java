package io.berth.testkit;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A connection made by {@link ScriptableConnector}; it records how it is used. */
public final class TestConnection {
    private final int id;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger users = new AtomicInteger();
    private volatile boolean broken;

    TestConnection(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public boolean isClosed() {
        return closed.get();
    }

    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** Makes validation fail from now on, as a backend that dropped the session would. */
    public void breakIt() {
        broken = true;
    }

    public boolean isBroken() {
        return broken;
    }

    /**
     * Marks the start of a use; returns false when someone else is using it at the same time (the
     * pool lent it twice). Pair with {@link #endUse()}.
     */
    public boolean beginUse() {
        return users.incrementAndGet() == 1;
    }

    public void endUse() {
        users.decrementAndGet();
    }

    @Override
    public String toString() {
        return "TestConnection#" + id;
    }
}
