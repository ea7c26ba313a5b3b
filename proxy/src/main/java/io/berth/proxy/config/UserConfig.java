package io.berth.proxy.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One entry of {@code [users]}: settings for every connection made as that user, e.g. {@code user1 =
 * pool_mode=transaction max_user_connections=10}. A user's values win over the database's, which win over
 * {@code [pgbouncer]}'s.
 */
public final class UserConfig {
    static final Set<String> KEYS = Set.of(
            "pool_mode",
            "max_user_connections",
            "pool_size",
            "reserve_pool_size",
            "query_timeout",
            "query_wait_timeout",
            "idle_transaction_timeout",
            "transaction_timeout",
            "client_idle_timeout",
            "max_user_client_connections");
    /** PgBouncer's other per-user parameters: read, and ignored with a warning (none now). */
    static final Set<String> IGNORED_KEYS = Set.of();

    private final String name;
    private final PoolMode poolMode;
    private final Integer maxUserConnections;
    private final Integer poolSize;
    private final Integer reservePoolSize;
    private final EntryOverrides overrides;

    private UserConfig(Builder b) {
        name = b.name;
        poolMode = b.poolMode;
        maxUserConnections = b.maxUserConnections;
        poolSize = b.poolSize;
        reservePoolSize = b.reservePoolSize;
        overrides = b.overrides;
    }

    public static Builder custom(String name) {
        return new Builder(name);
    }

    static UserConfig parse(String name, String settings, Consumer<String> ignored) {
        Builder b = custom(name);
        List<Map.Entry<String, String>> pairs;
        try {
            pairs = ConnString.parse(settings);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(
                    b.key, "user \"" + name + "\": cannot read its settings: " + e.getMessage());
        }
        for (Map.Entry<String, String> p : pairs) {
            String k = p.getKey();
            String v = p.getValue();
            switch (k) {
                case "pool_mode" -> {
                    try {
                        b.poolMode(SettingTable.poolMode(v));
                    } catch (InvalidSettingException e) {
                        throw e;
                    } catch (IllegalArgumentException e) {
                        throw b.invalid(k, v, "must be one of session, transaction, statement");
                    }
                }
                case "max_user_connections" -> b.maxUserConnections(b.integer(k, v, 0, SettingTable.MAX_CONNECTIONS));
                case "pool_size" -> b.poolSize(b.integer(k, v, 1, SettingTable.MAX_POOL_SIZE));
                case "reserve_pool_size" -> b.reservePoolSize(b.integer(k, v, 0, SettingTable.MAX_POOL_SIZE));
                case "query_timeout",
                        "query_wait_timeout",
                        "idle_transaction_timeout",
                        "transaction_timeout",
                        "client_idle_timeout" ->
                    b.time(k, EntryOverrides.parseTime(b.key, "user \"" + name + "\": " + k, v));
                case "max_user_client_connections" ->
                    b.maxUserClientConnections(b.integer(k, v, 0, SettingTable.MAX_CONNECTIONS));
                default -> {
                    if (IGNORED_KEYS.contains(k)) {
                        ignored.accept(
                                "user \"" + name + "\": parameter \"" + k + "\" is not implemented by Berth, ignored");
                    } else {
                        throw new InvalidSettingException(
                                b.key,
                                "user \"" + name + "\": unknown parameter \"" + k + "\"; allowed: "
                                        + String.join(
                                                ", ", KEYS.stream().sorted().toList()));
                    }
                }
            }
        }
        return b.build();
    }

    /** The user name, as clients send it. */
    public String name() {
        return name;
    }

    /** This user's pool mode, if set. */
    public Optional<PoolMode> poolMode() {
        return Optional.ofNullable(poolMode);
    }

    /** Most server connections for this user over all databases, if set; 0 means unlimited. */
    public OptionalInt maxUserConnections() {
        return optional(maxUserConnections);
    }

    /** {@link #maxUserConnections()}, or else {@code max_user_connections}; 0 means unlimited. */
    public int maxUserConnections(ProxyConfig config) {
        return maxUserConnections != null ? maxUserConnections : config.maxUserConnections();
    }

    /** Pool size for this user's pools, if set; wins over the database's {@code pool_size}. */
    public OptionalInt poolSize() {
        return optional(poolSize);
    }

    /** Reserve pool size for this user's pools, if set; wins over the database's. */
    public OptionalInt reservePoolSize() {
        return optional(reservePoolSize);
    }

    /**
     * The timeouts and client limit set for this user: query_timeout, query_wait_timeout,
     * idle_transaction_timeout, transaction_timeout, client_idle_timeout and
     * max_user_client_connections.
     */
    public EntryOverrides overrides() {
        return overrides;
    }

    private static OptionalInt optional(Integer v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserConfig u
                && name.equals(u.name)
                && poolMode == u.poolMode
                && Objects.equals(maxUserConnections, u.maxUserConnections)
                && Objects.equals(poolSize, u.poolSize)
                && Objects.equals(reservePoolSize, u.reservePoolSize)
                && overrides.equals(u.overrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, poolMode, maxUserConnections, poolSize, reservePoolSize);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("UserConfig[").append(name).append(" =");
        if (poolMode != null) {
            sb.append(" pool_mode=").append(poolMode.name().toLowerCase(Locale.ROOT));
        }
        if (maxUserConnections != null) {
            sb.append(" max_user_connections=").append(maxUserConnections);
        }
        if (poolSize != null) {
            sb.append(" pool_size=").append(poolSize);
        }
        if (reservePoolSize != null) {
            sb.append(" reserve_pool_size=").append(reservePoolSize);
        }
        overrides.appendTo(sb, "max_user_client_connections");
        return sb.append(']').toString();
    }

    /** Validates each value as it is set; {@code null} clears one back to the database or global default. */
    public static final class Builder {
        private final String name;
        private final String key;
        private PoolMode poolMode;
        private Integer maxUserConnections;
        private Integer poolSize;
        private Integer reservePoolSize;
        private EntryOverrides overrides = EntryOverrides.NONE;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            this.name = name;
            this.key = "[users] " + name;
            if (name.isEmpty() || name.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
                throw new InvalidSettingException(
                        key, "user name \"" + name + "\" is invalid: must be non-empty text on one line");
            }
        }

        public Builder poolMode(PoolMode poolMode) {
            this.poolMode = poolMode;
            return this;
        }

        /** 0 means unlimited. */
        public Builder maxUserConnections(Integer max) {
            this.maxUserConnections =
                    max == null ? null : range("max_user_connections", max, 0, SettingTable.MAX_CONNECTIONS);
            return this;
        }

        public Builder poolSize(Integer poolSize) {
            this.poolSize = poolSize == null ? null : range("pool_size", poolSize, 1, SettingTable.MAX_POOL_SIZE);
            return this;
        }

        public Builder reservePoolSize(Integer size) {
            this.reservePoolSize =
                    size == null ? null : range("reserve_pool_size", size, 0, SettingTable.MAX_POOL_SIZE);
            return this;
        }

        /**
         * Sets one of query_timeout, query_wait_timeout, idle_transaction_timeout, transaction_timeout
         * or client_idle_timeout for this user ({@code null}: the database's or global value).
         */
        public Builder time(String setting, java.time.Duration value) {
            if (!EntryOverrides.TIMES.contains(setting)) {
                throw new IllegalArgumentException("not a per-user time setting: " + setting);
            }
            if (value != null && (value.isNegative() || value.toSeconds() > Values.MAX_SECONDS)) {
                throw invalid(setting, value, "must be between 0 and " + Values.MAX_SECONDS + " seconds");
            }
            overrides = overrides.withTime(setting, value);
            return this;
        }

        /** Most client connections as this user over all databases; 0 means unlimited. */
        public Builder maxUserClientConnections(Integer max) {
            overrides = overrides.withMaxClients(
                    max == null ? null : range("max_user_client_connections", max, 0, SettingTable.MAX_CONNECTIONS));
            return this;
        }

        public UserConfig build() {
            return new UserConfig(this);
        }

        private int range(String param, int value, int min, int max) {
            if (value < min || value > max) {
                throw invalid(param, value, "must be between " + min + " and " + max);
            }
            return value;
        }

        private int integer(String param, String text, int min, int max) {
            long v;
            try {
                v = Values.parseDecimal(text);
            } catch (IllegalArgumentException e) {
                throw invalid(param, text, "must be an integer between " + min + " and " + max);
            }
            if (v < min || v > max) {
                throw invalid(param, text, "must be between " + min + " and " + max);
            }
            return (int) v;
        }

        private InvalidSettingException invalid(String param, Object value, String reason) {
            return InvalidSettingException.invalid(key, "user \"" + name + "\": " + param, value, reason);
        }
    }
}
