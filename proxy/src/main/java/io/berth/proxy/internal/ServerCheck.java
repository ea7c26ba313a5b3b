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

    private ServerCheck(EventLoop loop) {
        this.loop = loop;
    }

    static boolean run(ServerConnection conn, Query query, Duration timeout) throws InterruptedException {
        ServerCheck probe = new ServerCheck(conn.channel.eventLoop());
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

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void serverBatch(ServerConnection conn, List<Object> batch) {
        for (Object m : batch) {
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
