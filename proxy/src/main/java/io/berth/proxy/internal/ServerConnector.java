package io.berth.proxy.internal;

import io.berth.pg.protocol.MessageDecoder;
import io.berth.pg.protocol.MessageEncoder;
import io.berth.pg.protocol.Query;
import io.berth.pg.protocol.Terminate;
import io.berth.pool.Connector;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes, checks and closes server connections for one pool. {@link #create()} runs on the engine's
 * create executor, never on an event loop: it starts the connect and login on a loop and waits for
 * them up to server_connect_timeout.
 */
final class ServerConnector implements Connector<ServerConnection> {
    /** The largest server message accepted: PostgreSQL's own limit for a value is 1 GB. */
    static final int MAX_SERVER_MESSAGE = 1 << 30;

    private final PoolKey key;
    private final Target target;
    private final AuthStore auth;
    private final EventLoop loop;
    private final Executor blocking;
    private final Duration connectTimeout;
    private final String checkQuery;
    private final Set<ServerConnection> live;
    private final java.util.List<Hosts.Host> hosts;
    private final Duration roleCheckDelay;
    private final ProxyTracing tracing;
    private final Lifecycle lifecycle;

    ServerConnector(
            PoolKey key,
            Target target,
            AuthStore auth,
            EventLoop loop,
            Executor blocking,
            Duration connectTimeout,
            String checkQuery,
            Set<ServerConnection> live,
            java.util.List<Hosts.Host> hosts,
            Duration roleCheckDelay,
            ProxyTracing tracing,
            Lifecycle lifecycle) {
        this.key = key;
        this.target = target;
        this.auth = auth;
        this.loop = loop;
        this.live = live;
        this.blocking = blocking;
        this.connectTimeout = connectTimeout;
        this.checkQuery = checkQuery;
        this.hosts = hosts;
        this.roleCheckDelay = roleCheckDelay;
        this.tracing = tracing;
        this.lifecycle = lifecycle;
    }

    Target target() {
        return target;
    }

    /**
     * Opens a server connection on one of the target's hosts: picked by {@link Hosts#pick}, the next
     * one tried when a host fails to connect (it is then ejected for a while) or turns out to have
     * the wrong role for the target (checked with {@code pg_is_in_recovery()} when unknown or older
     * than server_check_delay). Throws the last failure when no host is left.
     */
    @Override
    public ServerConnection create() throws Exception {
        java.util.List<Hosts.Host> tried = new java.util.ArrayList<>();
        Exception last = null;
        Hosts.Host h;
        while ((h = Hosts.pick(
                        hosts, target.role(), target.loadBalance(), tried, System.nanoTime(), roleCheckDelay.toNanos()))
                != null) {
            tried.add(h);
            ServerConnection conn;
            try {
                conn = connect(h);
            } catch (ServerLoginException e) {
                String state = e.error() == null ? null : e.error().sqlState();
                if (state != null && (state.startsWith("28") || state.startsWith("3D"))) {
                    throw e; // a wrong password or no such database: every host would say the same
                }
                Hosts.failed(h, hosts, e.getMessage(), System.nanoTime());
                last = e;
                continue;
            }
            if (target.role() != Target.Role.ANY && !roleFits(h, conn)) {
                close(conn);
                last = new ServerLoginException(
                        "PostgreSQL at " + h + " is a " + h.role.name().toLowerCase()
                                + ", not what target_session_attrs = "
                                + target.role().name().toLowerCase().replace('_', '-')
                                + " asks for",
                        (Throwable) null);
                continue;
            }
            Hosts.succeeded(h);
            Hosts.Host host = h;
            conn.host = host;
            host.open.incrementAndGet();
            conn.channel.closeFuture().addListener(f -> host.open.decrementAndGet());
            return conn;
        }
        if (target.role() == Target.Role.PREFER_STANDBY && last == null) {
            throw new ServerLoginException("no host of " + target.endpoints() + " answered", (Throwable) null);
        }
        throw last != null
                ? last
                : new ServerLoginException(
                        "no host of " + target.endpoints() + " can be a "
                                + target.role().name().toLowerCase().replace('_', '-') + " server",
                        (Throwable) null);
    }

    /** Whether {@code conn}'s host has the role the target wants, asking it when not known lately. */
    private boolean roleFits(Hosts.Host h, ServerConnection conn) throws InterruptedException {
        long now = System.nanoTime();
        if (h.role == Hosts.Role.UNKNOWN || now - h.roleCheckedAt > roleCheckDelay.toNanos()) {
            String inRecovery = ServerCheck.value(conn, new Query("select pg_is_in_recovery()"), connectTimeout);
            if (inRecovery == null) {
                return false;
            }
            h.role = inRecovery.equals("t") ? Hosts.Role.STANDBY : Hosts.Role.PRIMARY;
            h.roleCheckedAt = now;
        }
        return Hosts.suits(h.role, target.role())
                && (target.role() != Target.Role.PREFER_STANDBY
                        || h.role == Hosts.Role.STANDBY
                        || hosts.stream().noneMatch(o -> o.role == Hosts.Role.STANDBY && !o.ejected(now)));
    }

    /** Connects and logs in to one host, in a {@code berth.server.connect} span, logging the outcome. */
    private ServerConnection connect(Hosts.Host h) throws Exception {
        io.opentelemetry.api.trace.Span span = tracing.connecting(key, h.name, h.port);
        long started = System.nanoTime();
        try {
            ServerConnection conn = create(target.at(new Target.Endpoint(h.name, h.port)));
            ProxyTracing.finish(span, null);
            lifecycle.serverConnected(conn, h.name, h.port, System.nanoTime() - started);
            return conn;
        } catch (Exception e) {
            ProxyTracing.finish(span, e);
            lifecycle.serverConnectFailed(key, h.name, h.port, e);
            throw e;
        }
    }

    private ServerConnection create(Target target) throws Exception {
        CompletableFuture<ServerConnection> done = new CompletableFuture<>();
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(Transport.of(loop).socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (target.serverTls().requested()) {
                            // SSLRequest and TLS before the login (server_tls_sslmode); it leaves once done.
                            ch.pipeline().addLast("tls-start", new ServerTlsStarter(target, done));
                        }
                        ch.pipeline()
                                .addLast("decoder", MessageDecoder.fromServer(MAX_SERVER_MESSAGE))
                                .addLast("encoder", MessageEncoder.INSTANCE)
                                .addLast("login", new ServerLogin(key, target, auth, blocking, done));
                    }
                });
        ChannelFuture connect = b.connect(target.host(), target.port()).addListener(f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(new ServerLoginException(
                        "cannot connect to PostgreSQL at " + target.host() + ":" + target.port() + ": "
                                + f.cause().getMessage(),
                        f.cause()));
            }
        });
        try {
            ServerConnection conn = done.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            // From here on the data path inspects only what changes session state, and the replies
            // to Parse and Close, which the prepared-statement tracking may answer or swallow.
            conn.channel.pipeline().get(MessageDecoder.class).inspectOnly("ZSE13");
            live.add(conn);
            conn.channel.closeFuture().addListener(f -> {
                live.remove(conn);
                if (!conn.closing) {
                    lifecycle.serverLost(conn, conn.failure);
                }
            });
            return conn;
        } catch (TimeoutException e) {
            // A server that accepted the connection and never finished the login: without this close
            // the socket stays open for good, one more with every retry while the server hangs.
            abandon(connect, done);
            throw new ServerLoginException(
                    "PostgreSQL at " + target.host() + ":" + target.port() + " did not finish the login within "
                            + connectTimeout.toMillis() + " ms (server_connect_timeout)",
                    e);
        } catch (ExecutionException e) {
            abandon(connect, done);
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (InterruptedException | RuntimeException e) {
            abandon(connect, done);
            throw e;
        }
    }

    /** Gives up on a connect or login: its channel closes, even when the login finishes just now. */
    private static void abandon(ChannelFuture connect, CompletableFuture<ServerConnection> done) {
        done.cancel(false);
        try {
            connect.channel().close();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The event loop is gone (the proxy is closing): the socket closed with it.
        }
    }

    @Override
    public boolean validate(ServerConnection conn, Duration timeout) throws Exception {
        if (!conn.usable()) {
            return false;
        }
        if (checkQuery == null || checkQuery.isBlank()) {
            return true;
        }
        return ServerCheck.run(conn, new Query(checkQuery), timeout);
    }

    @Override
    public void close(ServerConnection conn) {
        terminate(conn);
    }

    /** Sends Terminate and closes; when the event loop is already gone it closed the socket itself. */
    static void terminate(ServerConnection conn) {
        conn.closing = true;
        conn.broken = true;
        try {
            if (conn.channel.isActive()) {
                conn.channel.writeAndFlush(Terminate.INSTANCE, conn.channel.voidPromise());
            }
            conn.channel.close();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The proxy is shutting down and the event loop is gone: it closed the socket itself.
        }
    }
}
