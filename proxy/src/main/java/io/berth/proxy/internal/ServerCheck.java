package io.berth.proxy.internal;

import io.berth.pg.protocol.ClientMessage;
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
 * Runs server_check_query on an idle server connection from the engine's validation thread (and
 * the proxy's own lookups: a host's role, auth_query). The probe owns the connection for the
 * duration, swallows the answer, and reports whether it ended with an idle ReadyForQuery and no
 * error, keeping the first row when asked to.
 */
final class ServerCheck implements ServerOwner {
    private final EventLoop loop;
    private final CompletableFuture<Boolean> result = new CompletableFuture<>();
    private boolean ok = true;
    private boolean capture;
    private volatile List<String> row;
    private volatile String error;

    /** What a query gave: its first row (empty when none), or the server's error message. */
    record Answer(List<String> row, String error) {}

    private ServerCheck(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs a query that returns one value and gives it as text; null on an error or no answer. */
    static String value(ServerConnection conn, Query query, Duration timeout) throws InterruptedException {
        Answer a = answer(conn, List.of(query), timeout);
        return a.error() != null || a.row().isEmpty() ? null : a.row().get(0);
    }

    /**
     * Sends {@code messages} (one Query, or an extended-protocol run ending in Sync) and gives the
     * first row's values as text (a NULL as null; no row: an empty list), or why there is none.
     */
    static Answer answer(ServerConnection conn, List<? extends ClientMessage> messages, Duration timeout)
            throws InterruptedException {
        ServerCheck probe = new ServerCheck(conn.channel.eventLoop());
        probe.capture = true;
        if (!run(conn, messages, timeout, probe)) {
            String why = probe.error;
            return new Answer(
                    List.of(),
                    why != null ? why : conn.broken ? "no answer within " + timeout : "the server connection closed");
        }
        List<String> row = probe.row;
        return new Answer(row == null ? List.of() : row, null);
    }

    static boolean run(ServerConnection conn, Query query, Duration timeout) throws InterruptedException {
        return run(conn, List.of(query), timeout, new ServerCheck(conn.channel.eventLoop()));
    }

    private static boolean run(
            ServerConnection conn, List<? extends ClientMessage> messages, Duration timeout, ServerCheck probe)
            throws InterruptedException {
        conn.owner = probe;
        try {
            for (ClientMessage m : messages) {
                conn.channel.write(m);
            }
            conn.channel.flush();
            return probe.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            conn.broken = true;
            return false;
        } catch (InterruptedException e) {
            conn.broken = true; // the answer may still come: nobody else may get this connection
            throw e;
        } finally {
            conn.owner = null;
        }
    }

    /** The values of the first DataRow among these messages, or null when there is none. */
    private static List<String> firstRow(io.netty.buffer.ByteBuf c) {
        for (int at = c.readerIndex(); at < c.writerIndex(); at += 1 + c.getInt(at + 1)) {
            if (c.getByte(at) == 'D') {
                int columns = c.getUnsignedShort(at + 5);
                List<String> values = new java.util.ArrayList<>(columns);
                int p = at + 7;
                for (int i = 0; i < columns; i++) {
                    int len = c.getInt(p);
                    values.add(len < 0 ? null : c.toString(p + 4, len, java.nio.charset.StandardCharsets.UTF_8));
                    p += 4 + Math.max(len, 0);
                }
                return java.util.Collections.unmodifiableList(values);
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
            if (capture && row == null && m instanceof io.berth.pg.protocol.Passthrough p) {
                row = firstRow(p.content());
            } else if (capture && row == null && m instanceof io.berth.pg.protocol.DataRow d) {
                row = d.values();
            }
            if (m instanceof ErrorResponse e && !e.notice()) {
                ok = false;
                if (error == null) {
                    error = e.sqlState() + ": " + e.message();
                }
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
