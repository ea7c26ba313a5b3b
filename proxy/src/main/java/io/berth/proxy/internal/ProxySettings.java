package io.berth.proxy.internal;

import io.berth.proxy.config.PoolMode;
import java.time.Duration;
import java.util.Set;

/**
 * The global settings the running proxy reads, taken from the configuration at start and at each
 * RELOAD. Immutable.
 */
public record ProxySettings(
        ClientAuthMethod authMethod,
        PoolMode poolMode,
        int maxClientConn,
        Duration reservePoolTimeout,
        Duration serverLifetime,
        Duration serverIdleTimeout,
        Duration serverConnectTimeout,
        Duration serverLoginRetry,
        String serverResetQuery,
        boolean serverResetQueryAlways,
        String serverCheckQuery,
        Duration serverCheckDelay,
        Duration queryWaitTimeout,
        Duration clientLoginTimeout,
        Set<String> ignoreStartupParameters,
        Set<String> adminUsers,
        Set<String> statsUsers,
        int maxPacketSize,
        ClientTls clientTls,
        SessionPolicy session,
        ClientTimeouts timeouts,
        Observability observability) {

    /**
     * Berth's tracing and logging settings: a span per proxied transaction (trace_transactions) and
     * lifecycle logs as JSON lines (log_format = json).
     */
    public record Observability(boolean traceTransactions, boolean jsonLogs) {
        public static final Observability DEFAULT = new Observability(false, false);
    }

    /**
     * Limits on what a client does with a server connection (zero: none): a statement's run
     * (query_timeout: cancelled on the server, the connection dropped only if it does not answer
     * the cancel within another query_timeout), idling inside a transaction
     * (idle_transaction_timeout), a whole transaction block (transaction_timeout), and idling
     * without one (client_idle_timeout). The last three close the client.
     */
    public record ClientTimeouts(
            java.time.Duration query,
            java.time.Duration idleTransaction,
            java.time.Duration transaction,
            java.time.Duration clientIdle) {
        public static final ClientTimeouts NONE = new ClientTimeouts(
                java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO);
    }

    /**
     * How transaction and statement pooling keep a client's session state: named prepared
     * statements (max_prepared_statements, 0 for off), settings followed besides the reported ones
     * (track_extra_parameters, lower case), and session-only features pinned or refused
     * (session_features).
     */
    public record SessionPolicy(int maxPreparedStatements, java.util.List<String> trackedParameters, boolean pin) {
        public static final SessionPolicy DEFAULT = new SessionPolicy(
                200,
                java.util.List.of(
                        "intervalstyle",
                        "search_path",
                        "statement_timeout",
                        "lock_timeout",
                        "idle_in_transaction_session_timeout",
                        "role"),
                true);

        public SessionPolicy {
            trackedParameters = java.util.List.copyOf(trackedParameters);
        }
    }

    public int maxPreparedStatements() {
        return session.maxPreparedStatements();
    }

    /** Settings without TLS towards clients. */
    public ProxySettings(
            ClientAuthMethod authMethod,
            PoolMode poolMode,
            int maxClientConn,
            Duration reservePoolTimeout,
            Duration serverLifetime,
            Duration serverIdleTimeout,
            Duration serverConnectTimeout,
            Duration serverLoginRetry,
            String serverResetQuery,
            boolean serverResetQueryAlways,
            String serverCheckQuery,
            Duration serverCheckDelay,
            Duration queryWaitTimeout,
            Duration clientLoginTimeout,
            Set<String> ignoreStartupParameters,
            Set<String> adminUsers,
            Set<String> statsUsers,
            int maxPacketSize) {
        this(
                authMethod,
                poolMode,
                maxClientConn,
                reservePoolTimeout,
                serverLifetime,
                serverIdleTimeout,
                serverConnectTimeout,
                serverLoginRetry,
                serverResetQuery,
                serverResetQueryAlways,
                serverCheckQuery,
                serverCheckDelay,
                queryWaitTimeout,
                clientLoginTimeout,
                ignoreStartupParameters,
                adminUsers,
                statsUsers,
                maxPacketSize,
                ClientTls.DISABLED,
                SessionPolicy.DEFAULT,
                ClientTimeouts.NONE,
                Observability.DEFAULT);
    }

    /** The same settings with another max_prepared_statements (0 turns tracking off). */
    public ProxySettings withMaxPreparedStatements(int max) {
        return withSession(new SessionPolicy(max, session.trackedParameters(), session.pin()));
    }

    /** The same settings with another session policy. */
    public ProxySettings withSession(SessionPolicy policy) {
        return with(policy, timeouts, observability);
    }

    /** The same settings with other client timeouts. */
    public ProxySettings withTimeouts(ClientTimeouts t) {
        return with(session, t, observability);
    }

    /** The same settings with other tracing and logging settings. */
    public ProxySettings withObservability(Observability o) {
        return with(session, timeouts, o);
    }

    private ProxySettings with(SessionPolicy policy, ClientTimeouts t, Observability o) {
        return new ProxySettings(
                authMethod,
                poolMode,
                maxClientConn,
                reservePoolTimeout,
                serverLifetime,
                serverIdleTimeout,
                serverConnectTimeout,
                serverLoginRetry,
                serverResetQuery,
                serverResetQueryAlways,
                serverCheckQuery,
                serverCheckDelay,
                queryWaitTimeout,
                clientLoginTimeout,
                ignoreStartupParameters,
                adminUsers,
                statsUsers,
                maxPacketSize,
                clientTls,
                policy,
                t,
                o);
    }

    /** How clients prove who they are (PgBouncer's auth_type). */
    public enum ClientAuthMethod {
        TRUST,
        PLAIN,
        MD5,
        SCRAM_SHA_256
    }
}
