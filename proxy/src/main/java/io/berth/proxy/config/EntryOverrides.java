package io.berth.proxy.config;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The timeouts and client limit a {@code [databases]} or {@code [users]} entry sets for its own
 * clients, over {@code [pgbouncer]}'s: {@code query_timeout}, {@code query_wait_timeout}, {@code
 * idle_transaction_timeout}, {@code transaction_timeout}, {@code client_idle_timeout}, {@code
 * server_lifetime} (databases only) and the most client connections ({@code max_db_client_connections}
 * or {@code max_user_client_connections}). A user's value wins over its database's, which wins over the
 * global one. Immutable; only values written in the entry are present.
 */
public final class EntryOverrides {
    static final EntryOverrides NONE = new EntryOverrides(Map.of(), null);

    /** The time settings every entry may carry. */
    static final Set<String> TIMES = Set.of(
            "query_timeout",
            "query_wait_timeout",
            "idle_transaction_timeout",
            "transaction_timeout",
            "client_idle_timeout");

    private final Map<String, Duration> times;
    private final Integer maxClients;

    private EntryOverrides(Map<String, Duration> times, Integer maxClients) {
        this.times = Collections.unmodifiableMap(new TreeMap<>(times));
        this.maxClients = maxClients;
    }

    /** The value of a time setting written in this entry, e.g. {@code query_timeout}. */
    public Optional<Duration> time(String setting) {
        return Optional.ofNullable(times.get(setting));
    }

    /** The most client connections, if set here; 0 means unlimited. */
    public OptionalInt maxClientConnections() {
        return maxClients == null ? OptionalInt.empty() : OptionalInt.of(maxClients);
    }

    boolean isEmpty() {
        return times.isEmpty() && maxClients == null;
    }

    /** This entry's values with one time setting set ({@code null}: removed). */
    EntryOverrides withTime(String setting, Duration value) {
        Map<String, Duration> next = new TreeMap<>(times);
        if (value == null) {
            next.remove(setting);
        } else {
            next.put(setting, value);
        }
        return new EntryOverrides(next, maxClients);
    }

    EntryOverrides withMaxClients(Integer max) {
        return new EntryOverrides(times, max);
    }

    /**
     * Reads a time value for {@code setting}; {@code where} names the entry for the error, e.g.
     * {@code user "app": query_timeout}.
     */
    static Duration parseTime(String key, String where, String text) {
        try {
            Duration d = Values.parseDuration(text);
            if (!d.isNegative()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw InvalidSettingException.invalid(
                key,
                where,
                text,
                "must be a time value between 0 and " + Values.MAX_SECONDS + " seconds: " + Values.TIME_SYNTAX);
    }

    /** {@code query_timeout=5 max_db_client_connections=100} as the entry's conn string shows them. */
    void appendTo(StringBuilder sb, String maxClientsKey) {
        times.forEach((k, v) -> sb.append(' ').append(k).append('=').append(Values.showDuration(v)));
        if (maxClients != null) {
            sb.append(' ').append(maxClientsKey).append('=').append(maxClients);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryOverrides e
                && times.equals(e.times)
                && java.util.Objects.equals(maxClients, e.maxClients);
    }

    @Override
    public int hashCode() {
        return times.hashCode() * 31 + java.util.Objects.hashCode(maxClients);
    }
}
