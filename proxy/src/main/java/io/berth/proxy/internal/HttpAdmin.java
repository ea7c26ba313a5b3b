package io.berth.proxy.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The HTTP admin listener (Berth's {@code admin_http_addr}, off by default): {@code /metrics} in
 * Prometheus' text format, {@code /health/live} (the process answers) and {@code /health/ready}
 * (accepting clients, and no pool's breaker is open: PostgreSQL answers). GET only; small requests
 * only.
 */
public final class HttpAdmin implements AutoCloseable {
    private final ProxyContext px;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier accepting;
    private final Channel channel;

    public HttpAdmin(
            ProxyContext px,
            PrometheusMeterRegistry registry,
            BooleanSupplier accepting,
            EventLoopGroup group,
            InetSocketAddress address)
            throws InterruptedException {
        this.px = px;
        this.registry = registry;
        this.accepting = accepting;
        this.channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<NioSocketChannel>() {
                    @Override
                    protected void initChannel(NioSocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(16 * 1024))
                                .addLast(new Handler());
                    }
                })
                .bind(address)
                .sync()
                .channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = req.uri();
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            FullHttpResponse res;
            if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
                res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is served here\n");
            } else {
                res = switch (path) {
                    case "/metrics" -> metrics();
                    case "/health/live" -> text(HttpResponseStatus.OK, "live\n");
                    case "/health/ready" -> ready();
                    default ->
                        text(
                                HttpResponseStatus.NOT_FOUND,
                                "not found: " + path + "; try /metrics, /health/live or /health/ready\n");
                };
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(res, keepAlive);
            var f = ctx.writeAndFlush(res);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private FullHttpResponse metrics() {
        FullHttpResponse res = text(HttpResponseStatus.OK, registry.scrape());
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        return res;
    }

    private FullHttpResponse ready() {
        if (!accepting.getAsBoolean()) {
            return text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: not accepting clients\n");
        }
        StringBuilder down = new StringBuilder();
        for (Backend b : px.backends().all()) {
            if (b.serverUnavailable()) {
                down.append("pool ").append(b.key()).append(": server unavailable (breaker open)\n");
            }
        }
        if (!down.isEmpty()) {
            return text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready:\n" + down);
        }
        return text(HttpResponseStatus.OK, "ready\n");
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return res;
    }
}
