package io.berth.proxy.internal;

import io.berth.pg.protocol.SslRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * Negotiates TLS on a new server channel before the login: sends SSLRequest, reads PostgreSQL's one
 * byte answer before any typed framing (so the MessageDecoder after it never sees that byte), and on
 * 'S' puts an {@link SslHandler} at the head of the pipeline, with the target's host for SNI and for
 * verify-full's host name check. Once TLS is up, or on 'N' when server_tls_sslmode allows plain text,
 * it removes itself and passes channelActive on, on which {@link ServerLogin} sends the
 * StartupMessage. Any other outcome fails the login with a {@link ServerLoginException}.
 *
 * <p>Bytes that follow the answer before the handshake are refused: they were not encrypted and may
 * have been injected (CVE-2021-23222), as PgBouncer and libpq do.
 */
final class ServerTlsStarter extends ChannelInboundHandlerAdapter {
    private final Target target;
    private final CompletableFuture<ServerConnection> done;
    /** Set once the answer is read; from then on only the handshake's outcome is awaited. */
    private boolean answered;

    ServerTlsStarter(Target target, CompletableFuture<ServerConnection> done) {
        this.target = target;
        this.done = done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Written from here, the request skips the typed encoder after this handler: raw bytes.
        ByteBuf request = ctx.alloc().buffer(8);
        SslRequest.INSTANCE.encode(request);
        ctx.writeAndFlush(request);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (answered || !(msg instanceof ByteBuf in)) {
                fail(ctx, "sent data during the TLS handshake", null);
                return;
            }
            if (!in.isReadable()) {
                return;
            }
            answered = true;
            byte answer = in.readByte();
            if (in.isReadable()) {
                fail(ctx, "sent " + in.readableBytes() + " unencrypted bytes after its answer to SSLRequest", null);
            } else if (answer == 'S') {
                startTls(ctx);
            } else if (answer == 'N' && !target.serverTls().required()) {
                ctx.pipeline().remove(this);
                ctx.fireChannelActive();
            } else if (answer == 'N') {
                fail(ctx, "does not accept TLS (it answered 'N' to SSLRequest; is ssl = on in postgresql.conf?)", null);
            } else {
                fail(ctx, "answered SSLRequest with " + describe(answer) + " instead of 'S' or 'N'", null);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        SslHandler tls = target.serverTls().context().newHandler(ctx.alloc(), target.host(), target.port());
        ctx.pipeline().addFirst("tls", tls);
        tls.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, "failed the TLS handshake: " + reason(f.cause()), f.cause());
            } else if (ctx.channel().isActive() && !done.isDone()) {
                ctx.pipeline().remove(this);
                ctx.fireChannelActive();
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, (answered ? "failed the TLS handshake: " : "failed before TLS: ") + reason(cause), cause);
    }

    private void fail(ChannelHandlerContext ctx, String what, Throwable cause) {
        String message = "PostgreSQL at " + target.host() + ":" + target.port() + " " + what + " (server_tls_sslmode = "
                + target.serverTls().mode().configName() + ")";
        done.completeExceptionally(new ServerLoginException(message, cause));
        ctx.close();
    }

    private static String reason(Throwable t) {
        Throwable e = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !s.toString().contains(c.getMessage())) {
                s.append(": ").append(c.getMessage());
            }
        }
        return s.toString();
    }

    private static String describe(byte b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
    }
}
