package io.berth.proxy.internal;

import io.berth.proxy.config.PoolMode;
import java.util.List;

/**
 * Where and how a pool's server connections are made, resolved from the configuration's database
 * entry and global settings: the one place that turns configuration into connection parameters.
 */
public record Target(
        String host,
        int port,
        String dbname,
        String user,
        String password,
        int poolSize,
        int minPoolSize,
        int reservePoolSize,
        PoolMode poolMode,
        String connectQuery,
        ServerTls serverTls,
        List<Endpoint> endpoints,
        Role role,
        boolean loadBalance,
        Limits limits) {

    /**
     * What this pool's clients are held to, resolved from their user's entry, else their database's,
     * else the global settings: the client timeouts, query_wait_timeout, server_lifetime, and the
     * most clients of the database and of the user (0: unlimited).
     */
    public record Limits(
            ProxySettings.ClientTimeouts timeouts,
            java.time.Duration queryWait,
            java.time.Duration serverLifetime,
            int maxDbClients,
            int maxUserClients) {
        /** The global settings' values, for a target made without a configuration. */
        static Limits of(ProxySettings s) {
            return new Limits(s.timeouts(), s.queryWaitTimeout(), s.serverLifetime(), 0, 0);
        }
    }

    /** One host of a database entry. */
    public record Endpoint(String host, int port) {}

    /** Which hosts a database entry's connections may go to (libpq's target_session_attrs). */
    public enum Role {
        ANY,
        READ_WRITE,
        READ_ONLY,
        PREFER_STANDBY;

        /** Reads a target_session_attrs value; null when it is not one. */
        public static Role of(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "any" -> ANY;
                case "read-write", "primary" -> READ_WRITE;
                case "read-only", "standby" -> READ_ONLY;
                case "prefer-standby" -> PREFER_STANDBY;
                default -> null;
            };
        }
    }

    public Target {
        endpoints =
                endpoints == null || endpoints.isEmpty() ? List.of(new Endpoint(host, port)) : List.copyOf(endpoints);
        role = role == null ? Role.ANY : role;
    }

    /** A target held to the global settings ({@link #limits(ProxySettings)}). */
    public Target(
            String host,
            int port,
            String dbname,
            String user,
            String password,
            int poolSize,
            int minPoolSize,
            int reservePoolSize,
            PoolMode poolMode,
            String connectQuery,
            ServerTls serverTls,
            List<Endpoint> endpoints,
            Role role,
            boolean loadBalance) {
        this(
                host,
                port,
                dbname,
                user,
                password,
                poolSize,
                minPoolSize,
                reservePoolSize,
                poolMode,
                connectQuery,
                serverTls,
                endpoints,
                role,
                loadBalance,
                null);
    }

    /** This target's limits, or the global settings' when it was made without them. */
    Limits limits(ProxySettings s) {
        return limits != null ? limits : Limits.of(s);
    }

    /** A target on one host. */
    public Target(
            String host,
            int port,
            String dbname,
            String user,
            String password,
            int poolSize,
            int minPoolSize,
            int reservePoolSize,
            PoolMode poolMode,
            String connectQuery,
            ServerTls serverTls) {
        this(
                host,
                port,
                dbname,
                user,
                password,
                poolSize,
                minPoolSize,
                reservePoolSize,
                poolMode,
                connectQuery,
                serverTls,
                null,
                Role.ANY,
                true);
    }

    /** A target reached without TLS. */
    public Target(
            String host,
            int port,
            String dbname,
            String user,
            String password,
            int poolSize,
            int minPoolSize,
            int reservePoolSize,
            PoolMode poolMode,
            String connectQuery) {
        this(
                host,
                port,
                dbname,
                user,
                password,
                poolSize,
                minPoolSize,
                reservePoolSize,
                poolMode,
                connectQuery,
                ServerTls.DISABLED);
    }

    /** This target on one of its hosts: what a single connection attempt uses. */
    Target at(Endpoint e) {
        return new Target(
                e.host(),
                e.port(),
                dbname,
                user,
                password,
                poolSize,
                minPoolSize,
                reservePoolSize,
                poolMode,
                connectQuery,
                serverTls,
                endpoints,
                role,
                loadBalance,
                limits);
    }

    @Override
    public String toString() {
        String where = endpoints.size() == 1 ? host + ":" + port : endpoints.toString();
        return "Target[" + user + "@" + where + "/" + dbname + ", pool " + poolSize + ", " + poolMode
                + (serverTls.requested()
                        ? ", server_tls_sslmode " + serverTls.mode().configName()
                        : "") + "]";
    }
}
