package io.berth.proxy.internal;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the proxy's sockets reach the kernel: Linux's epoll through Netty's native transport where it
 * loads (fewer system calls and no JDK selector bookkeeping per read and write), the JDK's NIO
 * everywhere else. The system property {@code berth.transport} picks one: {@code auto} (the
 * default), {@code epoll} or {@code nio}.
 */
public enum Transport {
    EPOLL,
    NIO;

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    static final String PROPERTY = "berth.transport";

    /** The transport the system property asks for, or the best one that loads here. */
    public static Transport choose() {
        return choose(System.getProperty(PROPERTY, "auto"));
    }

    public static Transport choose(String wanted) {
        switch (wanted.trim().toLowerCase(Locale.ROOT)) {
            case "nio":
                return NIO;
            case "epoll":
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException(
                            PROPERTY + "=epoll, but Netty's epoll transport does not load here ("
                                    + Epoll.unavailabilityCause()
                                    + "); use " + PROPERTY + "=nio or auto",
                            Epoll.unavailabilityCause());
                }
                return EPOLL;
            case "auto":
                if (Epoll.isAvailable()) {
                    return EPOLL;
                }
                LOG.debug("epoll unavailable, using NIO: {}", String.valueOf(Epoll.unavailabilityCause()));
                return NIO;
            default:
                throw new IllegalArgumentException(
                        PROPERTY + "=" + wanted + " is not a transport; allowed: auto, epoll, nio");
        }
    }

    /** The transport whose event loops make up {@code group}. */
    public static Transport of(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup g && g.isIoType(EpollIoHandler.class) ? EPOLL : NIO;
    }

    /** A group of {@code threads} event loops of this transport. */
    public MultiThreadIoEventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(
                threads, this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverDomainChannel() {
        return this == EPOLL ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
    }

    /** The address of a Unix socket file, in the form this transport's channels take. */
    public SocketAddress domainAddress(Path file) {
        return this == EPOLL ? new DomainSocketAddress(file.toFile()) : UnixDomainSocketAddress.of(file);
    }

    /** The listener option for so_reuseport. */
    public ChannelOption<Boolean> reusePort() {
        return this == EPOLL
                ? EpollChannelOption.SO_REUSEPORT
                : NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
    }
}
