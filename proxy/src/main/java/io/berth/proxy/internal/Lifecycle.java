package io.berth.proxy.internal;

import io.berth.pool.CloseReason;
import io.berth.pool.PoolListener;
import io.berth.resilience.CircuitBreaker;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Structured lifecycle logs through slf4j, on the logger {@code io.berth.proxy.lifecycle}: one
 * event per line, as {@code key=value} pairs or (log_format = json, or the system property {@code
 * berth.log.format=json}) one JSON object ({@link LogLine}).
 *
 * <p>Quiet at INFO: what an operator wants to know without asking (a server connection lost or
 * refused, a validation failure, a timeout that fired, a breaker that opened or closed, a
 * configuration reload). Complete at DEBUG: every client and server connect and close, with the
 * reason. Nothing is formatted for a level that is off.
 */
public final class Lifecycle {
    static final String LOGGER = "io.berth.proxy.lifecycle";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private volatile boolean json;
    private final PoolListener poolEvents = new PoolEvents();

    Lifecycle(boolean json) {
        this.json = json || "json".equalsIgnoreCase(System.getProperty("berth.log.format"));
    }

    /** log_format changed (RELOAD); the system property, when set to json, keeps JSON on. */
    void json(boolean on) {
        this.json = on || "json".equalsIgnoreCase(System.getProperty("berth.log.format"));
    }

    /** The engine's events for the lifecycle log; added to every server pool. */
    PoolListener poolEvents() {
        return poolEvents;
    }

    // ---- clients

    void clientConnected(ClientInfo c, boolean tls) {
        log(Level.DEBUG, "client.connect", "client", addr(c), "db", c.database(), "user", c.user(), "tls", tls);
    }

    void clientDisconnected(ClientInfo c, long connectedMillis) {
        log(
                Level.DEBUG,
                "client.disconnect",
                "client",
                addr(c),
                "db",
                c.database(),
                "user",
                c.user(),
                "duration_ms",
                System.currentTimeMillis() - connectedMillis);
    }

    /**
     * A client timeout fired: {@code setting} names it (query_timeout, transaction_timeout, ...),
     * {@code action} says what Berth did (cancel, close); {@code limitMillis} is -1 when not given.
     */
    public void timeout(ClientInfo c, String setting, long limitMillis, String action) {
        log(
                Level.INFO,
                "client.timeout",
                "client",
                addr(c),
                "db",
                c.database(),
                "user",
                c.user(),
                "setting",
                setting,
                "limit_ms",
                limitMillis < 0 ? null : limitMillis,
                "action",
                action);
    }

    /** A client's wait for a server connection failed (query_wait_timeout, or the server refuses logins). */
    void acquireFailed(ClientInfo c, PoolKey key, long waitedNanos, Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        boolean timedOut = e instanceof io.berth.pool.AcquireTimeoutException;
        log(
                Level.INFO,
                timedOut ? "pool.wait_timeout" : "pool.acquire_failed",
                "client",
                addr(c),
                "pool",
                key,
                "wait_ms",
                TimeUnit.NANOSECONDS.toMillis(waitedNanos),
                "error",
                message(e));
    }

    /** A client did not log in within client_login_timeout. */
    void loginTimeout(String client, long limitMillis) {
        log(
                Level.INFO,
                "client.timeout",
                "client",
                client,
                "setting",
                "client_login_timeout",
                "limit_ms",
                limitMillis,
                "action",
                "close");
    }

    // ---- servers

    void serverConnected(ServerConnection s, String host, int port, long nanos) {
        log(
                Level.DEBUG,
                "server.connect",
                "pool",
                s.key,
                "server",
                host + ":" + port,
                "id",
                s.id,
                "pid",
                s.backendKey == null ? null : s.backendKey.processId(),
                "connect_ms",
                TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    void serverConnectFailed(PoolKey key, String host, int port, Throwable error) {
        log(Level.INFO, "server.connect_failed", "pool", key, "server", host + ":" + port, "error", message(error));
    }

    /** A server connection closed without Berth closing it: the server went away or the network broke. */
    void serverLost(ServerConnection s, Throwable cause) {
        log(
                Level.INFO,
                "server.lost",
                "pool",
                s.key,
                "id",
                s.id,
                "pid",
                s.backendKey == null ? null : s.backendKey.processId(),
                "error",
                cause == null ? "closed by the server" : message(cause));
    }

    // ---- configuration

    public void configReloaded(Object source) {
        log(Level.INFO, "config.reload", "source", source, "outcome", "ok");
    }

    public void configReloadFailed(Throwable error) {
        log(Level.INFO, "config.reload", "outcome", "error", "error", message(error));
    }

    // ---- formatting

    void log(Level level, String event, Object... pairs) {
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        String line = json ? LogLine.json(Instant.now(), level.name(), event, pairs) : LogLine.text(event, pairs);
        LOG.atLevel(level).log(line);
    }

    private static String addr(ClientInfo c) {
        return c.address() + ":" + c.port();
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The engine's events: closes with their reason, breaker changes. */
    private final class PoolEvents implements PoolListener {
        @Override
        public void onClosed(String pool, CloseReason reason) {
            if (reason == CloseReason.VALIDATION_FAILED) {
                log(Level.INFO, "server.validation_failed", "pool", pool, "action", "close");
            } else {
                log(
                        Level.DEBUG,
                        "server.close",
                        "pool",
                        pool,
                        "reason",
                        reason.name().toLowerCase());
            }
        }

        @Override
        public void onBreakerStateChanged(String pool, CircuitBreaker.State from, CircuitBreaker.State to) {
            log(
                    Level.INFO,
                    "pool.breaker",
                    "pool",
                    pool,
                    "from",
                    from.name().toLowerCase(),
                    "to",
                    to.name().toLowerCase());
        }
    }
}
