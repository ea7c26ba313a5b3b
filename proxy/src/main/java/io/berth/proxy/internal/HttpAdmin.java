package io.berth.proxy.internal;

import io.berth.proxy.config.ConfigException;
import io.berth.proxy.config.ProxyConfig;
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
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP admin listener (Berth's {@code admin_http_addr}, off by default): {@code /metrics} in
 * Prometheus' text format, {@code /health/live} (the process answers), {@code /health/ready}
 * (accepting clients, and no pool's breaker is open: PostgreSQL answers), the JSON API under {@code
 * /api/} ({@link DashboardApi}) and the dashboard page at {@code /} with its scripts and Chart.js
 * from its WebJar. Data ({@code /api/*}, {@code /metrics}) may need credentials ({@link HttpAuth});
 * the page, scripts and health checks hold none and are open. GET and HEAD only; small requests only.
 */
public final class HttpAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAdmin.class);

    private final ProxyContext px;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier accepting;
    private final HttpAuth auth;
    private final DashboardApi api;
    private final DashboardSampler sampler;
    private final StaticFiles files = new StaticFiles();
    private final Channel channel;

    /**
     * Binds the listener and starts the dashboard's once-a-second sampling on one of {@code group}'s
     * loops.
     *
     * @throws ConfigException when {@code address} is beyond loopback and no credential is configured,
     *     or its host name does not resolve
     */
    public HttpAdmin(
            AdminCommands admin,
            Supplier<ProxyConfig> config,
            BooleanSupplier accepting,
            EventLoopGroup group,
            InetSocketAddress address)
            throws InterruptedException, ConfigException {
        this.px = admin.px;
        this.registry = px.metrics().registry();
        this.accepting = accepting;
        InetSocketAddress bindTo = resolved(address);
        this.auth = HttpAuth.forAddress(bindTo, config, px);
        DashboardHistory history = new DashboardHistory(DashboardHistory.FIFTEEN_MINUTES);
        this.api = new DashboardApi(admin, history);
        this.channel = new ServerBootstrap()
                .group(group)
                .channel(Transport.of(group).serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(16 * 1024))
                                .addLast(new Handler());
                    }
                })
                .bind(bindTo)
                .sync()
                .channel();
        this.sampler = new DashboardSampler(px, history, System.nanoTime());
        sampler.start(group.next());
    }

    private static InetSocketAddress resolved(InetSocketAddress a) throws ConfigException {
        if (!a.isUnresolved()) {
            return a;
        }
        InetSocketAddress r = new InetSocketAddress(a.getHostString(), a.getPort());
        if (r.isUnresolved()) {
            throw new ConfigException("admin_http_addr = " + a.getHostString() + ":" + a.getPort()
                    + ": the host name does not resolve; use an IP address such as 127.0.0.1");
        }
        return r;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        sampler.close();
        channel.close().syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res;
            try {
                res = respond(req);
            } catch (RuntimeException e) {
                LOG.warn("admin HTTP {} failed", req.uri(), e);
                res = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e + "\n");
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

    private FullHttpResponse respond(FullHttpRequest req) {
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is served here\n");
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        switch (path) {
            case "/health/live":
                return text(HttpResponseStatus.OK, "live\n");
            case "/health/ready":
                return ready();
            case "/", "/index.html":
                return files.dashboard("index.html");
            case "/dashboard.js", "/dashboard.css":
                return files.dashboard(path.substring(1));
            default:
                if (path.startsWith("/webjars/")) {
                    return files.webjar(path);
                }
        }
        boolean data = path.equals("/metrics") || path.startsWith("/api/");
        if (!data) {
            return text(
                    HttpResponseStatus.NOT_FOUND,
                    "not found: " + path + "; try /, /api/pools, /metrics, /health/live or /health/ready\n");
        }
        if (auth.required() && !auth.accepts(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            FullHttpResponse res = text(
                    HttpResponseStatus.UNAUTHORIZED,
                    "credentials needed: send Authorization: Bearer <admin_http_token>, or log in as a user in"
                            + " admin_users with its auth_file password\n");
            for (String challenge : auth.challenges()) {
                res.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
            }
            return res;
        }
        try {
            return switch (path) {
                case "/metrics" -> metrics();
                case "/api/pools" -> json(api.pools());
                case "/api/clients" -> json(api.clients(ApiParams.clientQuery(uri.parameters())));
                case "/api/servers" -> json(api.servers());
                case "/api/stats" -> json(api.stats());
                case "/api/history" -> json(api.history(ApiParams.since(uri.parameters())));
                default ->
                    text(
                            HttpResponseStatus.NOT_FOUND,
                            "not found: " + path
                                    + "; the API has /api/pools, /api/clients, /api/servers, /api/stats and"
                                    + " /api/history\n");
            };
        } catch (IllegalArgumentException e) {
            return text(HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n");
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

    private static FullHttpResponse json(String body) {
        FullHttpResponse res = text(HttpResponseStatus.OK, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return res;
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        return bytes(status, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String contentType) {
        ByteBuf content = Unpooled.wrappedBuffer(body);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        res.headers().set("X-Content-Type-Options", "nosniff");
        return res;
    }
}
