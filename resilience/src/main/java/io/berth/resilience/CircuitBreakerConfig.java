package io.berth.resilience;

import io.berth.resilience.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link CircuitBreaker}: an immutable value, made by a builder that checks every value as it is
 * set ({@link #custom()}, {@link #from(CircuitBreakerConfig)}, {@link #ofDefaults()}).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>range</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code consecutiveFailureThreshold}</td><td>&ge; 1</td><td>5</td>
 *       <td>opens after this many failures in a row</td></tr>
 *   <tr><td>{@code failureRateThreshold}</td><td>(0, 100]</td><td>50</td>
 *       <td>opens when this percentage of the calls in the window failed</td></tr>
 *   <tr><td>{@code slidingWindowSize}</td><td>&ge; 1</td><td>20</td>
 *       <td>how many of the latest calls the failure rate is taken over</td></tr>
 *   <tr><td>{@code minimumNumberOfCalls}</td><td>[1, slidingWindowSize]</td><td>10</td>
 *       <td>the rate rule applies only once the window holds this many calls</td></tr>
 *   <tr><td>{@code openBackoff}</td><td>any</td><td>{@code exponential(1s, 2.0, 0.2, 30s)}</td>
 *       <td>how long the breaker stays open; the delay grows with each failed probe and resets on close</td></tr>
 *   <tr><td>{@code halfOpenMaxProbes}</td><td>&ge; 1</td><td>1</td>
 *       <td>how many calls may be outstanding while half-open</td></tr>
 *   <tr><td>{@code successesToClose}</td><td>&ge; 1</td><td>1</td>
 *       <td>probe successes needed, while half-open, to close</td></tr>
 * </table>
 */
public final class CircuitBreakerConfig {

    private static final Backoff DEFAULT_OPEN_BACKOFF =
            Backoff.exponential(Duration.ofSeconds(1), 2.0, 0.2, Duration.ofSeconds(30));
    private static final CircuitBreakerConfig DEFAULTS = new Builder().build();

    private final int consecutiveFailureThreshold;
    private final double failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final Backoff openBackoff;
    private final int halfOpenMaxProbes;
    private final int successesToClose;

    private CircuitBreakerConfig(Builder b) {
        this.consecutiveFailureThreshold = b.consecutiveFailureThreshold;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.openBackoff = b.openBackoff;
        this.halfOpenMaxProbes = b.halfOpenMaxProbes;
        this.successesToClose = b.successesToClose;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code base}. */
    public static Builder from(CircuitBreakerConfig base) {
        return new Builder(Objects.requireNonNull(base, "base"));
    }

    /** The defaults. */
    public static CircuitBreakerConfig ofDefaults() {
        return DEFAULTS;
    }

    /** Opens after this many failures in a row. */
    public int consecutiveFailureThreshold() {
        return consecutiveFailureThreshold;
    }

    /** Opens when at least this percentage of the calls in the window failed. */
    public double failureRateThreshold() {
        return failureRateThreshold;
    }

    /** How many of the latest calls the failure rate is taken over. */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** The rate rule applies only once the window holds this many calls. */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /** The delays of the open state: the first on opening, the next after each failed probe, reset on close. */
    public Backoff openBackoff() {
        return openBackoff;
    }

    /** How many calls may be outstanding while half-open. */
    public int halfOpenMaxProbes() {
        return halfOpenMaxProbes;
    }

    /** Probe successes needed, while half-open, to close. */
    public int successesToClose() {
        return successesToClose;
    }

    @Override
    public String toString() {
        return "CircuitBreakerConfig[consecutiveFailureThreshold=" + consecutiveFailureThreshold
                + ", failureRateThreshold=" + failureRateThreshold
                + ", slidingWindowSize=" + slidingWindowSize
                + ", minimumNumberOfCalls=" + minimumNumberOfCalls
                + ", openBackoff=" + openBackoff
                + ", halfOpenMaxProbes=" + halfOpenMaxProbes
                + ", successesToClose=" + successesToClose + "]";
    }

    /**
     * Builds a {@link CircuitBreakerConfig}. Each setter rejects a bad value at once with an
     * {@link IllegalArgumentException} naming the setting, the value and the allowed range; {@link #build()} checks
     * the settings against each other. Not thread-safe.
     */
    public static final class Builder {
        private int consecutiveFailureThreshold = 5;
        private double failureRateThreshold = 50.0;
        private int slidingWindowSize = 20;
        private int minimumNumberOfCalls = 10;
        private Backoff openBackoff = DEFAULT_OPEN_BACKOFF;
        private int halfOpenMaxProbes = 1;
        private int successesToClose = 1;

        private Builder() {}

        private Builder(CircuitBreakerConfig base) {
            this.consecutiveFailureThreshold = base.consecutiveFailureThreshold;
            this.failureRateThreshold = base.failureRateThreshold;
            this.slidingWindowSize = base.slidingWindowSize;
            this.minimumNumberOfCalls = base.minimumNumberOfCalls;
            this.openBackoff = base.openBackoff;
            this.halfOpenMaxProbes = base.halfOpenMaxProbes;
            this.successesToClose = base.successesToClose;
        }

        /** At least 1. */
        public Builder consecutiveFailureThreshold(int value) {
            this.consecutiveFailureThreshold = Checks.atLeast("consecutiveFailureThreshold", value, 1);
            return this;
        }

        /** A percentage in {@code (0, 100]}. */
        public Builder failureRateThreshold(double percent) {
            if (!(percent > 0.0 && percent <= 100.0)) {
                throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], was " + percent);
            }
            this.failureRateThreshold = percent;
            return this;
        }

        /** At least 1 call. */
        public Builder slidingWindowSize(int calls) {
            this.slidingWindowSize = Checks.atLeast("slidingWindowSize", calls, 1);
            return this;
        }

        /** At least 1, and at most {@code slidingWindowSize} (checked by {@link #build()}). */
        public Builder minimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = Checks.atLeast("minimumNumberOfCalls", calls, 1);
            return this;
        }

        /** Any backoff; its delays pace the probes. */
        public Builder openBackoff(Backoff backoff) {
            this.openBackoff = Objects.requireNonNull(backoff, "openBackoff");
            return this;
        }

        /** At least 1. */
        public Builder halfOpenMaxProbes(int probes) {
            this.halfOpenMaxProbes = Checks.atLeast("halfOpenMaxProbes", probes, 1);
            return this;
        }

        /** At least 1. */
        public Builder successesToClose(int successes) {
            this.successesToClose = Checks.atLeast("successesToClose", successes, 1);
            return this;
        }

        /**
         * The config.
         *
         * @throws IllegalArgumentException if {@code minimumNumberOfCalls > slidingWindowSize}, since the rate rule
         *     could then never apply
         */
        public CircuitBreakerConfig build() {
            if (minimumNumberOfCalls > slidingWindowSize) {
                throw new IllegalArgumentException("minimumNumberOfCalls must be in [1, slidingWindowSize="
                        + slidingWindowSize + "], was " + minimumNumberOfCalls);
            }
            return new CircuitBreakerConfig(this);
        }
    }
}
