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
import io.netty.channel.socket.nio.NioSocketChannel;
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

    ServerConnector(
            PoolKey key,
            Target target,
            AuthStore auth,
            EventLoop loop,
            Executor blocking,
            Duration connectTimeout,
            String checkQuery,
            Set<ServerConnection> live) {
        this.key = key;
        this.target = target;
        this.auth = auth;
        this.loop = loop;
        this.live = live;
        this.blocking = blocking;
        this.connectTimeout = connectTimeout;
        this.checkQuery = checkQuery;
    }

    Target target() {
        return target;
    }

    @Override
    public ServerConnection create() throws Exception {
        CompletableFuture<ServerConnection> done = new CompletableFuture<>();
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
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
            conn.channel.closeFuture().addListener(f -> live.remove(conn));
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
