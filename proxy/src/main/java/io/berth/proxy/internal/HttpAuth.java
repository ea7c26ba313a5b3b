package io.berth.proxy.internal;

import io.berth.proxy.config.ConfigException;
import io.berth.proxy.config.ProxyConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who may read the HTTP admin listener's data ({@code /api/*}, {@code /metrics}); the page itself,
 * its scripts and {@code /health/*} hold no data and stay open.
 *
 * <p>Credentials are asked for when the listener is bound beyond loopback, or whenever {@code
 * admin_http_token} is set. Two kinds are accepted: {@code Authorization: Bearer <admin_http_token>},
 * and HTTP basic auth as a user in {@code admin_users} with the plain-text password the auth_file
 * holds for that user (users whose auth_file secret is empty, md5 or SCRAM cannot log in this way:
 * there is no password to check against). Both are read from the current configuration at each request, so RELOAD
 * changes them; comparisons take the same time whatever matches.
 */
final class HttpAuth {
    private final boolean offLoopback;
    private final Supplier<ProxyConfig> config;
    private final ProxyContext px;

    private HttpAuth(boolean offLoopback, Supplier<ProxyConfig> config, ProxyContext px) {
        this.offLoopback = offLoopback;
        this.config = config;
        this.px = px;
    }

    /**
     * The rules for a listener on {@code address}.
     *
     * @throws ConfigException when {@code address} is not loopback and nothing could log in: neither a
     *     token nor an admin user with a plain password
     */
    static HttpAuth forAddress(InetSocketAddress address, Supplier<ProxyConfig> config, ProxyContext px)
            throws ConfigException {
        boolean offLoopback = !isLoopback(address);
        HttpAuth auth = new HttpAuth(offLoopback, config, px);
        if (offLoopback
                && config.get().adminHttpToken().isEmpty()
                && auth.basicUser().isEmpty()) {
            throw new ConfigException("admin_http_addr = " + show(address)
                    + " listens beyond loopback, but no credential protects the dashboard, /api and /metrics"
                    + " there: set admin_http_token (at least 16 characters, e.g. from openssl rand -hex 32;"
                    + " clients send Authorization: Bearer <token>), or list in admin_users a user whose"
                    + " auth_file password is plain text (HTTP basic auth), or bind admin_http_addr to"
                    + " 127.0.0.1");
        }
        return auth;
    }

    static boolean isLoopback(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        return ip != null && ip.isLoopbackAddress();
    }

    private static String show(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        String host = ip == null ? a.getHostString() : ip.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Whether requests for data must carry credentials. */
    boolean required() {
        return offLoopback || config.get().adminHttpToken().isPresent();
    }

    /** Whether an {@code Authorization} header value (or null) carries accepted credentials. */
    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = authorization.substring(space + 1).strip();
        return switch (scheme) {
            case "bearer" -> {
                Optional<String> token = config.get().adminHttpToken();
                yield token.isPresent() && same(token.get(), credentials);
            }
            case "basic" -> basic(credentials);
            default -> false;
        };
    }

    /** The {@code WWW-Authenticate} challenges of a 401: basic when some admin user can use it, and bearer. */
    String[] challenges() {
        return basicUser().isPresent()
                ? new String[] {"Basic realm=\"berth admin\", charset=\"UTF-8\"", "Bearer realm=\"berth admin\""}
                : new String[] {"Bearer realm=\"berth admin\""};
    }

    private boolean basic(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        String password = px.settings().adminUsers().contains(user) ? px.auth().plainPassword(user) : null;
        // Compare against something even for an unknown user, so the time does not tell which users exist.
        return same(password == null ? "\u0000" : password, decoded.substring(colon + 1)) && password != null;
    }

    /** An admin user with a plain password in the auth file, if any (one is enough for basic auth to be possible). */
    private Optional<String> basicUser() {
        return px.settings().adminUsers().stream()
                .filter(u -> password(u) != null)
                .findFirst();
    }

    /** An admin user's plain, non-empty auth_file password, or null. */
    private String password(String user) {
        if (!px.settings().adminUsers().contains(user)) {
            return null;
        }
        String p = px.auth().plainPassword(user);
        return p == null || p.isEmpty() ? null : p;
    }

    /** Equality in a time that tells nothing about where the strings differ, nor their lengths. */
    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
