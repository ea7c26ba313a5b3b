package io.berth.proxy.internal;

import io.berth.proxy.config.PoolMode;

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
        ServerTls serverTls) {

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

    @Override
    public String toString() {
        return "Target[" + user + "@" + host + ":" + port + "/" + dbname + ", pool " + poolSize + ", " + poolMode
                + (serverTls.requested()
                        ? ", server_tls_sslmode " + serverTls.mode().configName()
                        : "") + "]";
    }
}
