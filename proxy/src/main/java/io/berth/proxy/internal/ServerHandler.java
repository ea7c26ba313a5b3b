package io.berth.proxy.internal;

import io.berth.pg.protocol.ErrorResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-phase handler of a server channel: collects what one read brings and hands the batch to
 * the session that holds the connection, on that session's event loop (directly when both channels
 * share a loop, as one task otherwise). While the connection is idle in the pool, anything the
 * server sends (a shutdown notice, an error) marks it broken and closes it. A FATAL error in the
 * data phase is handed on and then closes the connection: the server ends its session after it.
 */
final class ServerHandler extends ChannelInboundHandlerAdapter {
    private final ServerConnection conn;
    private List<Object> batch = new ArrayList<>(8);
    /** The server sent FATAL or PANIC: it ends the session, so this side closes after the batch. */
    private boolean ending;

    ServerHandler(ServerConnection conn) {
        this.conn = conn;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (conn.owner == null) {
            idleMessage(ctx, msg);
            return;
        }
        if (msg instanceof ErrorResponse e && !e.notice() && e.isFatal()) {
            conn.broken = true;
            ending = true;
        }
        batch.add(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (batch.isEmpty()) {
            return;
        }
        ServerOwner owner = conn.owner;
        List<Object> b = batch;
        if (owner == null) {
            b.forEach(ReferenceCountUtil::release);
            b.clear();
        } else if (owner.loop().inEventLoop()) {
            // Same thread: the owner is done with the list when this returns, so it is reused.
            owner.serverBatch(conn, b);
            b.clear();
        } else {
            batch = new ArrayList<>(8);
            owner.loop().execute(() -> owner.serverBatch(conn, b));
        }
        if (ending) {
            // PostgreSQL closes the socket after a FATAL error. Close this side now instead of waiting
            // to read that end of stream: the owner hears of the loss (channelInactive, after the
            // batch with the error) even when the end-of-stream is not reported, which Netty 4.2.18's
            // io_uring transport sometimes fails to do (see Transport).
            ctx.close();
        }
    }

    private void idleMessage(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ErrorResponse e && e.notice()) {
                return;
            }
            conn.broken = true;
            ctx.close();
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && conn.owner instanceof ClientSession c) {
            if (c.loop().inEventLoop()) {
                c.serverWritable(conn);
            } else {
                c.loop().execute(() -> c.serverWritable(conn));
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        conn.broken = true;
        ServerOwner owner = conn.owner;
        if (owner != null) {
            owner.loop().execute(() -> owner.serverClosed(conn, null));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        conn.failure = cause;
        conn.broken = true;
        ServerOwner owner = conn.owner;
        if (owner != null) {
            owner.loop().execute(() -> owner.serverClosed(conn, cause));
        }
        ctx.close();
    }
}
