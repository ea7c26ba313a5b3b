package io.berth.proxy.config;

import java.util.Locale;
import java.util.Optional;

/** TLS policy of {@code client_tls_sslmode} and {@code server_tls_sslmode}, as PgBouncer and libpq name them. */
public enum SslMode {
    /** Plain TCP; a client's TLS request is declined, and no TLS is requested from servers. */
    DISABLE("disable"),
    /** TLS if the peer asks for it (clients); for servers PgBouncer treats it like {@link #PREFER}. */
    ALLOW("allow"),
    /** TLS if the peer accepts it, else plain TCP; certificates are not checked. */
    PREFER("prefer"),
    /** TLS or nothing; certificates are not checked. */
    REQUIRE("require"),
    /** TLS with a certificate signed by the configured CA; the host name is not checked. */
    VERIFY_CA("verify-ca"),
    /** TLS with a certificate signed by the configured CA whose name matches the host (servers only). */
    VERIFY_FULL("verify-full");

    private final String configName;

    SslMode(String configName) {
        this.configName = configName;
    }

    /** The name used in {@code pgbouncer.ini}, e.g. {@code verify-full}. */
    public String configName() {
        return configName;
    }

    /** Whether TLS is used at all when the peer agrees. */
    public boolean enabled() {
        return this != DISABLE;
    }

    /** The mode named {@code name} in a config file (case-insensitive), or empty. */
    public static Optional<SslMode> fromConfigName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (SslMode m : values()) {
            if (m.configName.equals(n)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
