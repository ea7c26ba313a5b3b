package io.berth.proxy.internal;

import io.berth.pg.protocol.MessageDecoder;
import io.berth.pg.protocol.MessageEncoder;
import io.berth.pg.protocol.StartupDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client listener: binds the configured addresses and gives each accepted connection the
 * client pipeline (startup decoder, typed decoder, encoder, login handler). The listening sockets
 * are served by the worker event loops themselves, as PgBouncer's one thread serves its own: no
 * acceptor thread to wake for every new client and then hand the client over.
 */
public final class ProxyServer {
    private final ProxyContext px;
    private final Transport transport;
    /** Read from any thread (addresses(), the admin console) while a shutdown clears them. */
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();

    private final List<Channel> unixListeners = new CopyOnWriteArrayList<>();

    public ProxyServer(ProxyContext px) {
        this.px = px;
        this.transport = Transport.of(px.workers());
    }

    /**
     * A group of event loops for clients and servers: one per core unless told otherwise, on the
     * transport {@link Transport#choose()} picks.
     */
    public static EventLoopGroup workers(int threads) {
        return Transport.choose().group(threads);
    }

    /** Binds one address; port 0 picks a free port. Returns the bound address. */
    public InetSocketAddress bind(String host, int port) throws InterruptedException {
        return bind(host, port, false);
    }

    /**
     * Binds one address, with SO_REUSEPORT when asked (so_reuseport): another process may then
     * listen on the same port, and the kernel spreads new connections over both.
     */
    public InetSocketAddress bind(String host, int port, boolean reusePort) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(px.workers(), px.workers())
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast("startup", new StartupDecoder())
                                .addLast("decoder", MessageDecoder.fromClient(ClientLogin.MAX_LOGIN_MESSAGE))
                                .addLast("encoder", MessageEncoder.INSTANCE)
                                .addLast("login", new ClientLogin(px));
                    }
                });
        if (reusePort) {
            b.option(transport.reusePort(), true);
        }
        Channel ch = b.bind(host, port).sync().channel();
        listeners.add(ch);
        return (InetSocketAddress) ch.localAddress();
    }

    /**
     * Listens on a Unix socket file ({@code <unix_socket_dir>/.s.PGSQL.<port>}, as PostgreSQL and
     * PgBouncer name it), replacing a stale file; the file is removed when the listener closes.
     */
    public void bindUnix(java.nio.file.Path socketFile, int mode) throws InterruptedException, java.io.IOException {
        java.nio.file.Files.deleteIfExists(socketFile);
        ServerBootstrap b = new ServerBootstrap()
                .group(px.workers(), px.workers())
                .channel(transport.serverDomainChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast("startup", new StartupDecoder())
                                .addLast("decoder", MessageDecoder.fromClient(ClientLogin.MAX_LOGIN_MESSAGE))
                                .addLast("encoder", MessageEncoder.INSTANCE)
                                .addLast("login", new ClientLogin(px));
                    }
                });
        Channel ch = b.bind(transport.domainAddress(socketFile)).sync().channel();
        unixListeners.add(ch);
        ch.closeFuture().addListener(f -> java.nio.file.Files.deleteIfExists(socketFile));
        java.nio.file.Files.setPosixFilePermissions(socketFile, permissions(mode));
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> out = new java.util.HashSet<>();
        java.nio.file.attribute.PosixFilePermission[] bits = java.nio.file.attribute.PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            // values() runs OWNER_READ .. OTHERS_EXECUTE, i.e. from bit 8 down to bit 0
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }

    public List<InetSocketAddress> addresses() {
        return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /**
     * Stops accepting new clients; connected ones go on. Returns once the listening sockets are
     * really gone: NIO releases a closed channel's socket only at its loop's next select, and until
     * then, with so_reuseport, the kernel may still queue new connections on it, which it then
     * resets instead of passing them to the process taking over.
     */
    public void stopAccepting() {
        for (Channel c : listeners) {
            c.close().syncUninterruptibly();
            if (!c.eventLoop().isShuttingDown()) {
                // The first task runs after the deregistration; the loop selects before the second.
                c.eventLoop().submit(() -> {}).syncUninterruptibly();
                c.eventLoop().submit(() -> {}).syncUninterruptibly();
            }
        }
        listeners.clear();
        for (Channel c : unixListeners) {
            c.close().syncUninterruptibly();
        }
        unixListeners.clear();
    }

    public void close() {
        stopAccepting();
    }
}
