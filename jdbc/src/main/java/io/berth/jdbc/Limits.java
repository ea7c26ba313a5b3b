package io.berth.jdbc;

import java.time.Duration;
import java.util.List;

/** Parsing and range checks for {@link BerthConfig}; messages name the setting, value and range. */
final class Limits {
    static final List<String> KNOWN = List.of(
            "jdbcUrl",
            "username",
            "password",
            "driverClassName",
            "dataSourceClassName",
            "maximumPoolSize",
            "minimumIdle",
            "connectionTimeout",
            "idleTimeout",
            "maxLifetime",
            "keepaliveTime",
            "validationTimeout",
            "leakDetectionThreshold",
            "initializationFailTimeout",
            "connectionTestQuery",
            "connectionInitSql",
            "autoCommit",
            "readOnly",
            "transactionIsolation",
            "catalog",
            "schema",
            "poolName",
            "registerMbeans",
            "allowPoolSuspension",
            "metricRegistry",
            "hikariMetricNames");

    private static final List<String> ISOLATIONS = List.of(
            "TRANSACTION_NONE",
            "TRANSACTION_READ_UNCOMMITTED",
            "TRANSACTION_READ_COMMITTED",
            "TRANSACTION_REPEATABLE_READ",
            "TRANSACTION_SERIALIZABLE");

    private Limits() {}

    static int intIn(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    /** At least {@code min}; when {@code zeroDisables}, 0 is allowed and means disabled. */
    static Duration atLeast(String setting, Duration value, Duration min, boolean zeroDisables) {
        if (value == null
                || value.isNegative()
                || (value.isZero() && !zeroDisables)
                || (!value.isZero() && value.compareTo(min) < 0)) {
            throw new IllegalArgumentException(setting + " must be " + (zeroDisables ? "0 (disabled) or " : "")
                    + "at least " + min.toMillis() + " ms, was " + (value == null ? "null" : value.toMillis() + " ms"));
        }
        return value;
    }

    static String isolation(String name) {
        String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
        String full = upper.startsWith("TRANSACTION_") ? upper : "TRANSACTION_" + upper;
        if (!ISOLATIONS.contains(full)) {
            throw new IllegalArgumentException(
                    "transactionIsolation must be one of " + ISOLATIONS + ", was '" + name + "'");
        }
        return full;
    }

    /**
     * {@code registry} when it is a Micrometer MeterRegistry and the binders are there; Micrometer
     * is an optional dependency, so both are looked up by name instead of linked.
     */
    static Object meterRegistry(Object registry) {
        if (registry instanceof String name) {
            throw new IllegalArgumentException("metricRegistry must be a Micrometer MeterRegistry object, was the"
                    + " string '" + name + "' (looking a registry up by name is not supported)");
        }
        ClassLoader loader = Limits.class.getClassLoader();
        Class<?> meterRegistry;
        try {
            meterRegistry = Class.forName("io.micrometer.core.instrument.MeterRegistry", false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("metricRegistry needs Micrometer: put io.micrometer:micrometer-core"
                    + " and io.berth:berth-micrometer on the class path (was a "
                    + registry.getClass().getName()
                    + ")");
        }
        if (!meterRegistry.isInstance(registry)) {
            throw new IllegalArgumentException("metricRegistry must be an io.micrometer.core.instrument.MeterRegistry,"
                    + " was a " + registry.getClass().getName());
        }
        try {
            Class.forName("io.berth.micrometer.BerthPoolMetrics", false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("metricRegistry needs io.berth:berth-micrometer on the class path"
                    + " (berth-jdbc depends on it optionally)");
        }
        return registry;
    }

    static int parseInt(String setting, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(setting + " must be a whole number, was '" + value + "'");
        }
    }

    static long parseLong(String setting, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(setting + " must be a whole number, was '" + value + "'");
        }
    }

    static Duration millis(String setting, String value) {
        return Duration.ofMillis(parseLong(setting + " (milliseconds)", value));
    }

    static boolean parseBoolean(String setting, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(setting + " must be true or false, was '" + value + "'");
        };
    }
}
