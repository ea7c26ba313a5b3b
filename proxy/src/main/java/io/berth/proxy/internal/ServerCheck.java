package io.berth.proxy.internal;

import io.berth.pg.protocol.ErrorResponse;
import io.berth.pg.protocol.Query;
import io.berth.pg.protocol.ReadyForQuery;
import io.berth.pg.protocol.TransactionStatus;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs server_check_query on an idle server connection from the engine's validation thread. The
 * probe owns the connection for the duration, swallows the answer, and reports whether it ended
 * with an idle ReadyForQuery and no error.
 */
final class ServerCheck implements ServerOwner {
    private final EventLoop loop;
    private final CompletableFuture<Boolean> result = new CompletableFuture<>();
    private boolean ok = true;
    private boolean capture;
    private volatile String value;

    private ServerCheck(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs a query that returns one value and gives it as text; null on an error or no answer. */
    static String value(ServerConnection conn, Query query, Duration timeout) throws InterruptedException {
        ServerCheck probe = new ServerCheck(conn.channel.eventLoop());
        probe.capture = true;
        return run(conn, query, timeout, probe) ? probe.value : null;
    }

    static boolean run(ServerConnection conn, Query query, Duration timeout) throws InterruptedException {
        return run(conn, query, timeout, new ServerCheck(conn.channel.eventLoop()));
    }

    private static boolean run(ServerConnection conn, Query query, Duration timeout, ServerCheck probe)
            throws InterruptedException {
        conn.owner = probe;
        try {
            conn.channel.writeAndFlush(query);
            return probe.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            conn.broken = true;
            return false;
        } finally {
            conn.owner = null;
        }
    }

    /** The first column of the first DataRow among these messages, or null. */
    private static String firstValue(io.netty.buffer.ByteBuf c) {
        for (int at = c.readerIndex(); at < c.writerIndex(); at += 1 + c.getInt(at + 1)) {
            if (c.getByte(at) == 'D' && c.getShort(at + 5) > 0) {
                int len = c.getInt(at + 7);
                return len < 0 ? null : c.toString(at + 11, len, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void serverBatch(ServerConnection conn, List<Object> batch) {
        for (Object m : batch) {
            if (capture && value == null && m instanceof io.berth.pg.protocol.Passthrough p) {
                value = firstValue(p.content());
            }
            if (m instanceof ErrorResponse e && !e.notice()) {
                ok = false;
            } else if (m instanceof ReadyForQuery z) {
                result.complete(ok && z.status() == TransactionStatus.IDLE);
            }
            ReferenceCountUtil.release(m);
        }
    }

    @Override
    public void serverClosed(ServerConnection conn, Throwable cause) {
        result.complete(false);
    }
}
