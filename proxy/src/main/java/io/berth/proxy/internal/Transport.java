package io.berth.proxy.internal;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
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
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the proxy's sockets reach the kernel: on Linux, epoll through Netty's native transport; the
 * JDK's NIO everywhere else. The system property {@code berth.transport} picks one: {@code auto}
 * (the default: epoll where it loads, else NIO), {@code epoll}, {@code nio} or {@code io_uring}.
 *
 * <p>io_uring is opt-in. Reads, writes and accepts then go through a shared submission ring, one
 * system call per event-loop turn for all sockets; with pgbench -S it cut the proxy's CPU per
 * transaction by about a fifth (docs/benchmarks.md). It is not the default because the Netty
 * io_uring transport this build can use (4.2.18, pinned for its native library) can leave a
 * channel waiting for a read that never comes: in ChaosKillBackendIT (backends killed under load)
 * a client waited out its 20 s socket timeout in 1 run of 16 to 18 on io_uring, never on epoll:
 * its server channel had a POLLIN pending and a read requested while its socket was already gone
 * from the kernel, and the end of stream was never reported. {@link ServerHandler} now closes a
 * server connection on its FATAL error instead of waiting for that end (0 failures in 80 runs
 * after), but a reset that comes without a FATAL error may still go unseen, and Netty's issue
 * 17049 reports stalls of that kind (POLLIN re-arming after auto-read changes). A container's
 * seccomp profile also often forbids io_uring; choosing it where it does not load stops the
 * start with the cause.
 */
public enum Transport {
    IO_URING,
    EPOLL,
    NIO;

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    static final String PROPERTY = "berth.transport";
    private static final String ALLOWED = "allowed: auto, io_uring, epoll, nio";

    /** The transport the system property asks for, or the best one that loads here. */
    public static Transport choose() {
        return choose(System.getProperty(PROPERTY, "auto"));
    }

    public static Transport choose(String wanted) {
        switch (wanted.trim().toLowerCase(Locale.ROOT)) {
            case "nio":
                return NIO;
            case "epoll":
                return required(EPOLL, Epoll.isAvailable(), Epoll.unavailabilityCause());
            case "io_uring", "iouring", "io-uring":
                return required(IO_URING, IoUring.isAvailable(), IoUring.unavailabilityCause());
            case "auto":
                if (Epoll.isAvailable()) {
                    return EPOLL;
                }
                LOG.debug("epoll unavailable, using NIO: {}", String.valueOf(Epoll.unavailabilityCause()));
                return NIO;
            default:
                throw new IllegalArgumentException(PROPERTY + "=" + wanted + " is not a transport; " + ALLOWED);
        }
    }

    private static Transport required(Transport t, boolean available, Throwable cause) {
        if (available) {
            return t;
        }
        String name = t.propertyValue();
        throw new IllegalStateException(
                PROPERTY + "=" + name + ", but Netty's " + name + " transport does not load here (" + cause + "); use "
                        + PROPERTY + "=auto to take the best one that does",
                cause);
    }

    /** The value of {@code berth.transport} that names this transport, also its name in logs. */
    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport whose event loops make up {@code group}. */
    public static Transport of(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup g) {
            if (g.isIoType(IoUringIoHandler.class)) {
                return IO_URING;
            }
            if (g.isIoType(EpollIoHandler.class)) {
                return EPOLL;
            }
        }
        return NIO;
    }

    /** A group of {@code threads} event loops of this transport. */
    public MultiThreadIoEventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(
                threads,
                switch (this) {
                    case IO_URING -> IoUringIoHandler.newFactory();
                    case EPOLL -> EpollIoHandler.newFactory();
                    case NIO -> NioIoHandler.newFactory();
                });
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends ServerChannel> serverDomainChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerDomainSocketChannel.class;
            case EPOLL -> EpollServerDomainSocketChannel.class;
            case NIO -> NioServerDomainSocketChannel.class;
        };
    }

    /** The address of a Unix socket file, in the form this transport's channels take. */
    public SocketAddress domainAddress(Path file) {
        return this == NIO ? UnixDomainSocketAddress.of(file) : new DomainSocketAddress(file.toFile());
    }

    /** The listener option for so_reuseport. */
    public ChannelOption<Boolean> reusePort() {
        return this == NIO ? NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT) : UnixChannelOption.SO_REUSEPORT;
    }
}
