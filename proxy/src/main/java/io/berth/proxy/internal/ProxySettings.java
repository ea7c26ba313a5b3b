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
        int maxPreparedStatements) {

    /** PgBouncer's default max_prepared_statements. */
    public static final int DEFAULT_MAX_PREPARED_STATEMENTS = 200;

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
                DEFAULT_MAX_PREPARED_STATEMENTS);
    }

    /** The same settings with another max_prepared_statements (0 turns tracking off). */
    public ProxySettings withMaxPreparedStatements(int max) {
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
                max);
    }

    /** How clients prove who they are (PgBouncer's auth_type). */
    public enum ClientAuthMethod {
        TRUST,
        PLAIN,
        MD5,
        SCRAM_SHA_256
    }
}
