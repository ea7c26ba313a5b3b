import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * A bare TCP relay on Netty, a yardstick for the proxy's CPU per transaction: every client gets its
 * own upstream connection and bytes are forwarded as they are read, with no pooling, no protocol
 * and no back-pressure. What it costs per pgbench transaction is what any Netty proxy pays at the
 * least on that transport. Run by benchmarks/proxy/cpu-per-tx.sh relay (the source launcher, with
 * the proxy's Netty jars from cli/target/lib on the class path).
 *
 * <p>Usage: java -cp 'cli/target/lib/*' benchmarks/proxy/Relay.java LISTEN_PORT UPSTREAM_PORT
 * [epoll|io_uring] [THREADS]
 */
public final class Relay {
    public static void main(String[] args) throws Exception {
        int listen = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        boolean uring = args.length > 2 && args[2].equals("io_uring");
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        IoHandlerFactory io = uring ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory();
        Class<? extends ServerChannel> server = uring ? IoUringServerSocketChannel.class : EpollServerSocketChannel.class;
        Class<? extends Channel> client = uring ? IoUringSocketChannel.class : EpollSocketChannel.class;
        MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(threads, io);
        new ServerBootstrap()
                .group(loops, loops)
                .channel(server)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new Front(client, upstream));
                    }
                })
                .bind("127.0.0.1", listen)
                .sync();
        System.out.println("relay listening on 127.0.0.1:" + listen + " (" + threads + " event loops on "
                + (uring ? "io_uring" : "epoll") + ")");
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Forwards what one side reads to its peer; the client's side also asks for each next read. */
    private static class Forward extends ChannelInboundHandlerAdapter {
        Channel peer;
        private final boolean pull;

        Forward(Channel peer, boolean pull) {
            this.peer = peer;
            this.pull = pull;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
            if (pull) {
                ctx.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer != null) {
                peer.close();
            }
        }
    }

    /** The client's side: connects upstream first, then reads the client and forwards. */
    private static final class Front extends Forward {
        private final Class<? extends Channel> client;
        private final int upstream;

        Front(Class<? extends Channel> client, int upstream) {
            super(null, true);
            this.client = client;
            this.upstream = upstream;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel front = ctx.channel();
            new Bootstrap()
                    .group(front.eventLoop())
                    .channel(client)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new Forward(front, false))
                    .connect("127.0.0.1", upstream)
                    .addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            peer = f.channel();
                            front.read();
                        } else {
                            front.close();
                        }
                    });
        }
    }
}
