package io.berth.proxy.internal;

import io.berth.proxy.config.SslMode;
import io.netty.handler.ssl.SslContext;

/**
 * TLS towards PostgreSQL (server_tls_*): the mode and, unless it is disable, the client-side context
 * built once at start and at each RELOAD. The context already holds what the mode checks: nothing
 * (allow, prefer, require), the chain (verify-ca), the chain and the host name (verify-full).
 */
public record ServerTls(SslMode mode, SslContext context) {
    /** TLS off: no SSLRequest is sent. */
    public static final ServerTls DISABLED = new ServerTls(SslMode.DISABLE, null);

    public ServerTls {
        if (mode.enabled() && context == null) {
            throw new IllegalArgumentException("server_tls_sslmode = " + mode.configName() + " needs a TLS context");
        }
    }

    /** Whether a new server connection starts with an SSLRequest. */
    boolean requested() {
        return mode.enabled();
    }

    /** Whether a server that answers 'N' is refused instead of used in plain text. */
    boolean required() {
        return mode.compareTo(SslMode.REQUIRE) >= 0;
    }
}
