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
        boolean loadBalance) {

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
                loadBalance);
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
