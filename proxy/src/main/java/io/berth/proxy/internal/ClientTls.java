package io.berth.proxy.internal;

import io.berth.proxy.config.SslMode;
import io.netty.handler.ssl.SslContext;

/**
 * TLS towards clients (client_tls_*): the mode and, unless it is disable, the server-side context
 * built once from the key, certificate and CA files at start and at each RELOAD.
 */
public record ClientTls(SslMode mode, SslContext context) {
    /** TLS off: every SSLRequest is answered 'N'. */
    public static final ClientTls DISABLED = new ClientTls(SslMode.DISABLE, null);

    public ClientTls {
        if (mode.enabled() && context == null) {
            throw new IllegalArgumentException("client_tls_sslmode = " + mode.configName() + " needs a TLS context");
        }
    }

    /** Whether an SSLRequest is answered 'S'. */
    boolean accepts() {
        return mode.enabled();
    }

    /** Whether a client that does not switch to TLS is refused (require, verify-ca, verify-full). */
    boolean required() {
        return mode.compareTo(SslMode.REQUIRE) >= 0;
    }
}
