package io.berth.testkit;

import io.berth.pool.Connector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Connector} of {@link TestConnection}s that fails, stalls and breaks on demand, and counts
 * everything: created, closed, open, the most open at once, validations and resets.
 *
 * <p>Scripts: {@link #backendDown(Exception)} / {@link #backendUp()}, {@link #failNextCreates},
 * {@link #createDelay}, {@link #failValidation}, {@link #failNextResets}, and {@link #chaos} for
 * random creation and validation failures with random slow creations.
 */
public final class ScriptableConnector implements Connector<TestConnection> {
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger createAttempts = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger validations = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger inCreate = new AtomicInteger();
    private final AtomicInteger maxInCreate = new AtomicInteger();
    private final AtomicInteger failCreates = new AtomicInteger();
    private final AtomicInteger failResets = new AtomicInteger();
    private final List<TestConnection> all = new CopyOnWriteArrayList<>();
    private volatile Exception down;
    private volatile boolean validationFails;
    private volatile long createDelayNanos;
    private volatile double chaosCreateFailure;
    private volatile double chaosValidationFailure;
    private volatile long chaosMaxDelayNanos;

    @Override
    public TestConnection create() throws Exception {
        createAttempts.incrementAndGet();
        maxInCreate.accumulateAndGet(inCreate.incrementAndGet(), Math::max);
        try {
            return createNow();
        } finally {
            inCreate.decrementAndGet();
        }
    }

    private TestConnection createNow() throws Exception {
        long delay = createDelayNanos;
        if (chaosMaxDelayNanos > 0 && ThreadLocalRandom.current().nextInt(10) == 0) {
            delay += ThreadLocalRandom.current().nextLong(chaosMaxDelayNanos);
        }
        if (delay > 0) {
            LockSupport.parkNanos(delay);
        }
        Exception failure = down;
        if (failure != null) {
            throw failure;
        }
        if (failCreates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new java.net.ConnectException("scripted creation failure");
        }
        if (chaosCreateFailure > 0 && ThreadLocalRandom.current().nextDouble() < chaosCreateFailure) {
            throw new java.net.ConnectException("chaos: creation failed");
        }
        TestConnection c = new TestConnection(ids.incrementAndGet());
        all.add(c);
        created.incrementAndGet();
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        return c;
    }

    @Override
    public boolean validate(TestConnection connection, Duration timeout) {
        validations.incrementAndGet();
        if (connection.isClosed()) {
            throw new IllegalStateException(connection + " was validated after it was closed");
        }
        if (chaosValidationFailure > 0 && ThreadLocalRandom.current().nextDouble() < chaosValidationFailure) {
            return false;
        }
        return !validationFails && !connection.isBroken();
    }

    @Override
    public void reset(TestConnection connection) throws Exception {
        resets.incrementAndGet();
        if (failResets.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("scripted reset failure");
        }
    }

    @Override
    public void close(TestConnection connection) {
        if (!connection.markClosed()) {
            throw new IllegalStateException(connection + " was closed twice");
        }
        closed.incrementAndGet();
        open.decrementAndGet();
    }

    /** Every creation fails with {@code cause} until {@link #backendUp()}. */
    public ScriptableConnector backendDown(Exception cause) {
        down = cause;
        return this;
    }

    public ScriptableConnector backendUp() {
        down = null;
        return this;
    }

    public ScriptableConnector failNextCreates(int n) {
        failCreates.set(n);
        return this;
    }

    public ScriptableConnector failNextResets(int n) {
        failResets.set(n);
        return this;
    }

    /** Every creation takes at least this long (parks the creating thread). */
    public ScriptableConnector createDelay(Duration delay) {
        createDelayNanos = delay.toNanos();
        return this;
    }

    /** Every validation fails while set. */
    public ScriptableConnector failValidation(boolean fail) {
        validationFails = fail;
        return this;
    }

    /** Random failures: of creations, of validations, and one creation in ten up to {@code maxDelay}. */
    public ScriptableConnector chaos(double createFailureRate, double validationFailureRate, Duration maxDelay) {
        chaosCreateFailure = createFailureRate;
        chaosValidationFailure = validationFailureRate;
        chaosMaxDelayNanos = maxDelay.toNanos();
        return this;
    }

    public int created() {
        return created.get();
    }

    public int createAttempts() {
        return createAttempts.get();
    }

    /** The most creations that were in progress at the same time. */
    public int maxConcurrentCreates() {
        return maxInCreate.get();
    }

    public int closed() {
        return closed.get();
    }

    public int open() {
        return open.get();
    }

    public int maxOpen() {
        return maxOpen.get();
    }

    public int validations() {
        return validations.get();
    }

    public int resets() {
        return resets.get();
    }

    /** Every connection ever created, in order. */
    public List<TestConnection> connections() {
        return List.copyOf(all);
    }
}
