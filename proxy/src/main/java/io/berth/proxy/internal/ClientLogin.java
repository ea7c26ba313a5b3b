package io.berth.proxy.internal;

import io.berth.pg.protocol.CancelRequest;
import io.berth.pg.protocol.GssEncRequest;
import io.berth.pg.protocol.MessageDecoder;
import io.berth.pg.protocol.NegotiateProtocolVersion;
import io.berth.pg.protocol.PasswordMessage;
import io.berth.pg.protocol.SqlState;
import io.berth.pg.protocol.SslRequest;
import io.berth.pg.protocol.StartupMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a client connection: answers SSLRequest (starting TLS when client_tls_sslmode
 * allows it) and GSSENCRequest, forwards
 * CancelRequests, checks the StartupMessage (limits, database, parameters), runs the client's
 * authentication ({@link ClientAuth}), and on success replaces itself with a {@link ClientSession}
 * (or the admin console). Every refusal is a FATAL ErrorResponse with PostgreSQL's SQLSTATE.
 */
final class ClientLogin extends ChannelInboundHandlerAdapter {
    /** Largest message accepted before login: SASL and password messages are small. */
    static final int MAX_LOGIN_MESSAGE = 16 * 1024;

    private final ProxyContext px;
    private ScheduledFuture<?> loginTimer;
    private ClientAuth auth;
    private boolean counted;
    private boolean handedOver;

    ClientLogin(ProxyContext px) {
        this.px = px;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        px.clients().opened();
        counted = true;
        long ms = px.settings().clientLoginTimeout().toMillis();
        if (ms > 0) {
            loginTimer = ctx.executor()
                    .schedule(
                            () -> {
                                px.lifecycle()
                                        .loginTimeout(
                                                String.valueOf(ctx.channel().remoteAddress()), ms);
                                Errors.fatal(
                                        ctx.channel(),
                                        SqlState.PROTOCOL_VIOLATION,
                                        "client_login_timeout: the client did not log in within " + ms + " ms",
                                        null);
                            },
                            ms,
                            TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SslRequest) {
                sslRequest(ctx);
            } else if (msg instanceof GssEncRequest) {
                // GSSAPI encryption is not supported: 'N' makes libpq go on with TLS or in plain text.
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            } else if (msg instanceof CancelRequest c) {
                px.cancel(c);
                ctx.close();
            } else if (msg instanceof StartupMessage s) {
                startup(ctx, s);
            } else if (msg instanceof PasswordMessage p && auth != null) {
                auth.onPassword(p);
            } else {
                Errors.fatal(
                        ctx.channel(),
                        SqlState.PROTOCOL_VIOLATION,
                        "protocol violation: expected " + (auth == null ? "a startup message" : "a password message")
                                + ", got " + msg,
                        null);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Answers 'S' and starts TLS when client_tls_sslmode is not disable, else 'N' (libpq goes on in plain text). */
    private void sslRequest(ChannelHandlerContext ctx) {
        ClientTls tls = px.settings().clientTls();
        if (!tls.accepts()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
        } else if (ctx.pipeline().get(SslHandler.class) != null) {
            Errors.fatal(ctx.channel(), SqlState.PROTOCOL_VIOLATION, "SSLRequest inside TLS", null);
        } else {
            // 'S' leaves in plain text before the SslHandler exists; the StartupDecoder then reads decrypted bytes.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
            ctx.pipeline().addFirst("tls", tls.context().newHandler(ctx.alloc()));
        }
    }

    private void startup(ChannelHandlerContext ctx, StartupMessage s) {
        ProxySettings settings = px.settings();
        if (settings.clientTls().required() && ctx.pipeline().get(SslHandler.class) == null) {
            Errors.fatal(
                    ctx.channel(),
                    SqlState.INVALID_AUTHORIZATION,
                    "TLS required (client_tls_sslmode = "
                            + settings.clientTls().mode().configName() + ")",
                    "connect with sslmode=require or stronger");
            return;
        }
        List<String> unsupported = new ArrayList<>();
        for (String k : s.parameters().keySet()) {
            if (k.startsWith("_pq_.")) {
                unsupported.add(k);
            }
        }
        if (s.minorVersion() > 0 || !unsupported.isEmpty()) {
            ctx.write(new NegotiateProtocolVersion(0, unsupported));
        }
        String user = s.user();
        if (user == null || user.isEmpty()) {
            Errors.fatal(ctx.channel(), SqlState.INVALID_AUTHORIZATION, "no user name in the startup packet", null);
            return;
        }
        if (px.clients().connections() > settings.maxClientConn()) {
            Errors.fatal(
                    ctx.channel(),
                    SqlState.TOO_MANY_CONNECTIONS,
                    "no more connections allowed (max_client_conn = " + settings.maxClientConn() + ")",
                    "raise max_client_conn, or have clients share connections");
            return;
        }
        String database = s.database();
        boolean admin = px.isAdminDatabase(database);
        Target target = admin ? null : px.target(database, user);
        if (!admin && target == null) {
            Errors.fatal(
                    ctx.channel(),
                    SqlState.INVALID_CATALOG_NAME,
                    "no such database: " + database,
                    "add it to [databases] in the configuration, or add a \"*\" entry");
            return;
        }
        if (px.isDisabled(database)) {
            Errors.fatal(
                    ctx.channel(),
                    SqlState.CANNOT_CONNECT_NOW,
                    "database does not allow connections: " + database,
                    "an admin ran DISABLE " + database + "; ENABLE " + database + " lets clients in again");
            return;
        }
        SessionParams params;
        try {
            params = SessionParams.fromStartup(s.parameters(), settings.ignoreStartupParameters());
        } catch (IllegalArgumentException e) {
            Errors.fatal(
                    ctx.channel(),
                    SqlState.PROTOCOL_VIOLATION,
                    e.getMessage(),
                    "remove it from the client's options or add it to ignore_startup_parameters");
            return;
        }
        ClientInfo info = new ClientInfo(user, database, Map.copyOf(s.parameters()), ctx.channel());
        auth = new ClientAuth(px, ctx, info, () -> loggedIn(ctx, info, params, target, admin));
        auth.start();
    }

    private void loggedIn(
            ChannelHandlerContext ctx, ClientInfo info, SessionParams params, Target target, boolean admin) {
        if (loginTimer != null) {
            loginTimer.cancel(false);
        }
        handedOver = true;
        ctx.pipeline().get(MessageDecoder.class).setMaxLength(px.settings().maxPacketSize());
        Lifecycle lifecycle = px.lifecycle();
        long since = System.currentTimeMillis();
        lifecycle.clientConnected(info, ctx.pipeline().get(SslHandler.class) != null);
        ctx.channel().closeFuture().addListener(f -> lifecycle.clientDisconnected(info, since));
        if (admin) {
            px.openAdmin(ctx, info);
            return;
        }
        ClientSession session = new ClientSession(px, ctx.channel(), info, params, target);
        session.configure(ctx.pipeline().get(MessageDecoder.class));
        ctx.pipeline().replace(this, "session", session);
        session.start();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (loginTimer != null) {
            loginTimer.cancel(false);
        }
        if (counted && !handedOver) {
            px.clients().closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Errors.protocolViolation(ctx.channel(), cause);
    }
}
