package io.berth.pool;

import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreakerConfig;
import io.berth.resilience.NanoClock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Immutable settings of a {@link Pool}, built by a validating builder: {@link #custom()}, {@link
 * #from(PoolConfig)}, {@link #ofDefaults()}. A bad value throws {@link IllegalArgumentException}
 * naming the setting, the value and the allowed range; nothing is clamped silently.
 *
 * <p>For every {@link Duration} setting documented as optional, {@link Duration#ZERO} means
 * disabled.
 */
public final class PoolConfig {
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    static final int MAX_SIZE_LIMIT = 100_000;

    private final String name;
    private final int minIdle;
    private final int maxSize;
    private final int maxWaiters;
    private final Duration acquireTimeout;
    private final Duration maxLifetime;
    private final double maxLifetimeJitter;
    private final Duration idleTimeout;
    private final Duration keepaliveTime;
    private final Duration validationTimeout;
    private final Duration validateIdleAfter;
    private final Duration leakDetectionThreshold;
    private final int maxConcurrentCreates;
    private final double createRatePerSecond;
    private final int createBurst;
    private final Backoff createBackoff;
    private final CircuitBreakerConfig breaker;
    private final NanoClock clock;
    private final PoolScheduler scheduler;
    private final Executor createExecutor;
    private final Executor asyncExecutor;
    private final PoolListener listener;

    private PoolConfig(Builder b) {
        name = b.name != null ? b.name : "berth-pool-" + POOL_NUMBER.incrementAndGet();
        minIdle = b.minIdle;
        maxSize = b.maxSize;
        maxWaiters = b.maxWaiters;
        acquireTimeout = b.acquireTimeout;
        maxLifetime = b.maxLifetime;
        maxLifetimeJitter = b.maxLifetimeJitter;
        idleTimeout = b.idleTimeout;
        keepaliveTime = b.keepaliveTime;
        validationTimeout = b.validationTimeout;
        validateIdleAfter = b.validateIdleAfter;
        leakDetectionThreshold = b.leakDetectionThreshold;
        maxConcurrentCreates = b.maxConcurrentCreates;
        createRatePerSecond = b.createRatePerSecond;
        createBurst = b.createBurst;
        createBackoff = b.createBackoff;
        breaker = b.breaker;
        clock = b.clock;
        scheduler = b.scheduler;
        createExecutor = b.createExecutor;
        asyncExecutor = b.asyncExecutor;
        listener = b.listener;
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(PoolConfig base) {
        return new Builder(base);
    }

    public static PoolConfig ofDefaults() {
        return custom().build();
    }

    /** The pool's name: first in every log line and exception message. */
    public String name() {
        return name;
    }

    /** Connections kept open even when idle; 0 opens them lazily. Default 0. */
    public int minIdle() {
        return minIdle;
    }

    /** Hard cap on open connections. Default 10. */
    public int maxSize() {
        return maxSize;
    }

    /** Most callers allowed to wait at once; the next is rejected. 0 means never wait. */
    public int maxWaiters() {
        return maxWaiters;
    }

    /** Wait bound for {@link Pool#acquire()} and {@link Pool#acquireAsync()}. Default 30 s. */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /** Connections older than this (minus a random jitter) are retired; ZERO disables. 30 min. */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** Fraction of maxLifetime taken off at random per connection, so they do not all retire at once. */
    public double maxLifetimeJitter() {
        return maxLifetimeJitter;
    }

    /** Idle connections beyond minIdle are closed after this; ZERO disables. Default 10 min. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Idle connections are validated this often to keep them alive; ZERO disables. Default 2 min. */
    public Duration keepaliveTime() {
        return keepaliveTime;
    }

    /** Time a validation may take. Default 5 s. */
    public Duration validationTimeout() {
        return validationTimeout;
    }

    /** A connection idle at least this long is validated before it is lent; ZERO never. 500 ms. */
    public Duration validateIdleAfter() {
        return validateIdleAfter;
    }

    /** A lease held longer is reported with the borrower's stack; ZERO disables. Default ZERO. */
    public Duration leakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /** Most connections being opened at the same time. Default 2. */
    public int maxConcurrentCreates() {
        return maxConcurrentCreates;
    }

    /** Most connections opened per second; 0 means no limit. Default 0. */
    public double createRatePerSecond() {
        return createRatePerSecond;
    }

    /** How many creations may start at once before the rate limit applies. */
    public int createBurst() {
        return createBurst;
    }

    /** Delay between failed creation attempts. */
    public Backoff createBackoff() {
        return createBackoff;
    }

    /** Breaker over connection creation, or null when fail-fast is disabled. */
    public CircuitBreakerConfig breaker() {
        return breaker;
    }

    public NanoClock clock() {
        return clock;
    }

    public PoolScheduler scheduler() {
        return scheduler;
    }

    /** Runs the connector's blocking calls (create, keepalive validation, close). */
    public Executor createExecutor() {
        return createExecutor;
    }

    /** Completes the stages returned by {@link Pool#acquireAsync()}. */
    public Executor asyncExecutor() {
        return asyncExecutor;
    }

    /** Listener registered at creation, or null. */
    public PoolListener listener() {
        return listener;
    }

    @Override
    public String toString() {
        return "PoolConfig[name=" + name + ", minIdle=" + minIdle + ", maxSize=" + maxSize + ", maxWaiters="
                + maxWaiters + ", acquireTimeout=" + acquireTimeout + ", maxLifetime=" + maxLifetime
                + ", idleTimeout=" + idleTimeout + ", keepaliveTime=" + keepaliveTime + ", validateIdleAfter="
                + validateIdleAfter + ", leakDetectionThreshold=" + leakDetectionThreshold
                + ", maxConcurrentCreates=" + maxConcurrentCreates + ", createRatePerSecond="
                + createRatePerSecond + "]";
    }

    /** Validating builder; every setter checks its value at once. */
    public static final class Builder {
        private String name;
        private int minIdle = 0;
        private int maxSize = 10;
        private int maxWaiters = Integer.MAX_VALUE;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private double maxLifetimeJitter = 0.025;
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration keepaliveTime = Duration.ofMinutes(2);
        private Duration validationTimeout = Duration.ofSeconds(5);
        private Duration validateIdleAfter = Duration.ofMillis(500);
        private Duration leakDetectionThreshold = Duration.ZERO;
        private int maxConcurrentCreates = 2;
        private double createRatePerSecond = 0;
        private int createBurst = 1;
        private Backoff createBackoff = Backoff.exponential(Duration.ofMillis(50), 2.0, 0.2, Duration.ofSeconds(5));
        private CircuitBreakerConfig breaker = CircuitBreakerConfig.ofDefaults();
        private NanoClock clock = NanoClock.system();
        private PoolScheduler scheduler = PoolScheduler.shared();
        private Executor createExecutor;
        private Executor asyncExecutor = ForkJoinPool.commonPool();
        private PoolListener listener;

        private Builder() {}

        private Builder(PoolConfig c) {
            name = c.name;
            minIdle = c.minIdle;
            maxSize = c.maxSize;
            maxWaiters = c.maxWaiters;
            acquireTimeout = c.acquireTimeout;
            maxLifetime = c.maxLifetime;
            maxLifetimeJitter = c.maxLifetimeJitter;
            idleTimeout = c.idleTimeout;
            keepaliveTime = c.keepaliveTime;
            validationTimeout = c.validationTimeout;
            validateIdleAfter = c.validateIdleAfter;
            leakDetectionThreshold = c.leakDetectionThreshold;
            maxConcurrentCreates = c.maxConcurrentCreates;
            createRatePerSecond = c.createRatePerSecond;
            createBurst = c.createBurst;
            createBackoff = c.createBackoff;
            breaker = c.breaker;
            clock = c.clock;
            scheduler = c.scheduler;
            createExecutor = c.createExecutor;
            asyncExecutor = c.asyncExecutor;
            listener = c.listener;
        }

        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must be a non-blank string, was " + quoted(name));
            }
            this.name = name;
            return this;
        }

        public Builder minIdle(int minIdle) {
            this.minIdle = Settings.intInRange("minIdle", minIdle, 0, MAX_SIZE_LIMIT);
            return this;
        }

        public Builder maxSize(int maxSize) {
            this.maxSize = Settings.intInRange("maxSize", maxSize, 1, MAX_SIZE_LIMIT);
            return this;
        }

        public Builder maxWaiters(int maxWaiters) {
            this.maxWaiters = Settings.intInRange("maxWaiters", maxWaiters, 0, Integer.MAX_VALUE);
            return this;
        }

        public Builder acquireTimeout(Duration timeout) {
            this.acquireTimeout = Settings.positive("acquireTimeout", timeout);
            return this;
        }

        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = Settings.optional("maxLifetime", maxLifetime);
            return this;
        }

        public Builder maxLifetimeJitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 0.5)) {
                throw new IllegalArgumentException("maxLifetimeJitter must be in [0.0, 0.5], was " + fraction);
            }
            this.maxLifetimeJitter = fraction;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Settings.optional("idleTimeout", idleTimeout);
            return this;
        }

        public Builder keepaliveTime(Duration keepaliveTime) {
            this.keepaliveTime = Settings.optional("keepaliveTime", keepaliveTime);
            return this;
        }

        public Builder validationTimeout(Duration validationTimeout) {
            this.validationTimeout = Settings.positive("validationTimeout", validationTimeout);
            return this;
        }

        public Builder validateIdleAfter(Duration idle) {
            this.validateIdleAfter = Settings.optional("validateIdleAfter", idle);
            return this;
        }

        public Builder leakDetectionThreshold(Duration threshold) {
            this.leakDetectionThreshold = Settings.optional("leakDetectionThreshold", threshold);
            return this;
        }

        public Builder maxConcurrentCreates(int n) {
            this.maxConcurrentCreates = Settings.intInRange("maxConcurrentCreates", n, 1, 1_000);
            return this;
        }

        /** At most {@code perSecond} creations per second after a burst of {@code burst}; 0 lifts the limit. */
        public Builder createRateLimit(double perSecond, int burst) {
            if (!(perSecond >= 0 && perSecond <= 1_000_000)) {
                throw new IllegalArgumentException(
                        "createRatePerSecond must be in [0, 1000000] (0 = unlimited), was " + perSecond);
            }
            this.createRatePerSecond = perSecond;
            this.createBurst = Settings.intInRange("createBurst", burst, 1, 1_000_000);
            return this;
        }

        public Builder createBackoff(Backoff backoff) {
            this.createBackoff = Objects.requireNonNull(backoff, "createBackoff");
            return this;
        }

        /** Breaker over creation; null disables fail-fast (waiters then wait out their timeout). */
        public Builder breaker(CircuitBreakerConfig breaker) {
            this.breaker = breaker;
            return this;
        }

        public Builder clock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder scheduler(PoolScheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Where blocking connector calls run; the default starts a virtual thread per task. */
        public Builder createExecutor(Executor executor) {
            this.createExecutor = Objects.requireNonNull(executor, "createExecutor");
            return this;
        }

        public Builder asyncExecutor(Executor executor) {
            this.asyncExecutor = Objects.requireNonNull(executor, "asyncExecutor");
            return this;
        }

        public Builder listener(PoolListener listener) {
            this.listener = listener;
            return this;
        }

        public PoolConfig build() {
            if (minIdle > maxSize) {
                throw new IllegalArgumentException("minIdle must be in [0, maxSize=" + maxSize + "], was " + minIdle);
            }
            return new PoolConfig(this);
        }

        private static String quoted(String s) {
            return s == null ? "null" : "'" + s + "'";
        }
    }
}
