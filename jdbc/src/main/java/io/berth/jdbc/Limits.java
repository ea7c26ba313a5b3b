package io.berth.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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
            "hikariMetricNames",
            "replicaUrls");

    private static final List<String> ISOLATIONS = List.of(
            "TRANSACTION_NONE",
            "TRANSACTION_READ_UNCOMMITTED",
            "TRANSACTION_READ_COMMITTED",
            "TRANSACTION_REPEATABLE_READ",
            "TRANSACTION_SERIALIZABLE");

    /** A comma that starts the next URL: multi-host URLs (jdbc:postgresql://a,b/db) keep theirs. */
    private static final Pattern URL_SEPARATOR = Pattern.compile("\\s*,\\s*(?=jdbc:)");

    private Limits() {}

    /** Comma-separated JDBC URLs; a comma splits only where the next {@code jdbc:} URL starts. */
    static List<String> splitUrls(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(URL_SEPARATOR.split(value.trim()));
    }

    static List<String> replicaUrls(List<String> urls) {
        if (urls == null) {
            throw new IllegalArgumentException("replicaUrls must be a list of JDBC URLs, was null");
        }
        List<String> out = new ArrayList<>(urls.size());
        Set<String> seen = new HashSet<>();
        for (String url : urls) {
            String u = url == null ? "" : url.trim();
            if (!u.startsWith("jdbc:")) {
                throw new IllegalArgumentException("replicaUrls must be JDBC URLs (jdbc:...), separated by commas;"
                        + " entry " + (out.size() + 1) + " was '" + url + "'");
            }
            if (u.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("replicaUrls entry " + (out.size() + 1) + " '" + u
                        + "' contains whitespace; entries are separated by commas and each starts with jdbc:");
            }
            if (!seen.add(u)) {
                throw new IllegalArgumentException("replicaUrls must be distinct; '" + u + "' is there twice");
            }
            out.add(u);
        }
        return List.copyOf(out);
    }

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
