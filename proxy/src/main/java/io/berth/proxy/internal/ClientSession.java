package io.berth.proxy.internal;

import io.berth.pg.protocol.BackendKeyData;
import io.berth.pg.protocol.ClientMessage;
import io.berth.pg.protocol.ErrorResponse;
import io.berth.pg.protocol.MessageDecoder;
import io.berth.pg.protocol.ParameterStatus;
import io.berth.pg.protocol.Passthrough;
import io.berth.pg.protocol.Query;
import io.berth.pg.protocol.ReadyForQuery;
import io.berth.pg.protocol.SqlState;
import io.berth.pg.protocol.Sync;
import io.berth.pg.protocol.Terminate;
import io.berth.pg.protocol.TransactionStatus;
import io.berth.pool.Lease;
import io.berth.proxy.config.PoolMode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logged-in client and the server connection it holds, if any. Everything here runs on the
 * client's event loop; the server's reads arrive through {@link #serverBatch}.
 *
 * <p>The data path: client messages go to the held server as they come (runs of extended-protocol
 * messages as undecoded slices); without a server, they queue, reading pauses, and the session
 * acquires one from the engine. Each Query, Sync and FunctionCall sent expects one ReadyForQuery
 * back ({@code pendingReady}); messages after the last Sync leave the server {@code unsynced}. The
 * server goes back to the pool when nothing is pending or unsynced and, by pool_mode: never before
 * the client leaves (session), when the last ReadyForQuery says idle (transaction), or after every
 * statement, refusing transaction blocks (statement).
 *
 * <p>On landing on a server whose settings differ from the client's (client_encoding, DateStyle,
 * TimeZone, application_name, startup options, anything the client SET and the server reported),
 * the session first runs the SET/RESET statements that align them, swallowing their answers.
 *
 * <p>In transaction and statement pooling, named prepared statements follow the client too ({@link
 * PreparedStatements}, max_prepared_statements).
 */
public final class ClientSession extends ChannelInboundHandlerAdapter implements ServerOwner {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    /** Messages queued while waiting for a server before the session stops reading the client. */
    private static final int MAX_QUEUED = 64;

    private final ProxyContext px;
    private final Channel ch;
    private final EventLoop loop;
    private final ClientInfo info;
    private final SessionParams params;
    private final PoolMode mode;
    /** Its pool; replaced when a RELOAD retires it (the database entry now connects elsewhere). */
    private volatile Backend backend;

    private final long connectedAt = System.currentTimeMillis();
    /** Small at first: a client usually has a message or two queued at most (10,000 idle clients each keep one). */
    private final ArrayDeque<Object> queued = new ArrayDeque<>(4);
    /** What follows the client across server connections in transaction and statement pooling; null in session pooling. */
    private final SessionState state;
    /** Its prepared statements, or null (session pooling, or max_prepared_statements = 0). */
    private final PreparedStatements statements;
    /** Its spans, or null when no OpenTelemetry SDK is installed. */
    private final SessionTrace trace;

    private BackendKeyData cancelKey;
    private Lease<ServerConnection> lease;
    private volatile ServerConnection server;
    private volatile long requestAt = connectedAt;
    private volatile long waitingSince;
    private int pendingReady;
    private boolean unsynced;
    private volatile TransactionStatus txStatus = TransactionStatus.IDLE;
    private int swallowReady;
    private boolean swallowFailed;
    private Runnable afterSwallow;
    private boolean greeted;
    private boolean closed;
    /** Counted against max_db_client_connections and max_user_client_connections. */
    private boolean admitted;

    private long xactStart;
    private long queryStart;
    /** The probe of the client's settings is under way. */
    private boolean probing;
    /** nanoTime of the last read from the client, of the last ReadyForQuery, of the start of the
     * transaction block, and of the cancel sent for query_timeout (0: none). */
    private volatile long readAt = System.nanoTime();

    private long readyAt = readAt;
    private long blockStart;
    private long cancelSentAt;

    ClientSession(ProxyContext px, Channel ch, ClientInfo info, SessionParams params, Target target) {
        this.px = px;
        this.ch = ch;
        this.loop = ch.eventLoop();
        this.info = info;
        this.params = params;
        this.mode = target.poolMode();
        this.backend = px.backends().get(new PoolKey(info.database(), info.user()), target);
        this.state =
                mode == PoolMode.SESSION ? null : new SessionState(px.settings().session(), this);
        this.statements = state == null ? null : state.statements();
        this.trace = SessionTrace.of(px, backend.key, info, params);
    }

    /**
     * Sets the client's decoder for the data path. Queries, Syncs and function calls only need
     * counting (each gets one ReadyForQuery); they pass through as the bytes they came in, whatever
     * the client's encoding. With prepared statements tracked, messages naming a statement are
     * decoded, Parse and Close are counted, and runs end after each Sync-like message.
     */
    void configure(MessageDecoder decoder) {
        decoder.inspectOnly("X");
        if (state == null) {
            decoder.countOnly("QSF");
        } else {
            decoder.inspectNamed("PBDC").countOnly("QSF", "P", "C").endRunAfter("QSF");
        }
    }

    void start() {
        Target.Limits limits = backend.target.limits(px.settings());
        String refused =
                px.clients().admit(info.database(), info.user(), limits.maxDbClients(), limits.maxUserClients());
        if (refused != null) {
            LOG.info("{} client {}:{} refused: {}", backend.key, info.address(), info.port(), refused);
            Errors.fatal(
                    ch, SqlState.TOO_MANY_CONNECTIONS, refused, "raise the limit, or have clients share connections");
            return;
        }
        admitted = true;
        cancelKey = px.clients().register(this);
        backend.stats.clientLogins.increment();
        if (backend.welcome == null || mode == PoolMode.SESSION) {
            acquire();
        } else {
            greet();
        }
    }

    // ---- what SHOW CLIENTS and the cancel path read

    @Override
    public EventLoop loop() {
        return loop;
    }

    public ClientInfo info() {
        return info;
    }

    public Backend backend() {
        return backend;
    }

    public PoolMode mode() {
        return mode;
    }

    /** The server connection held now, or {@code null}. */
    public ServerConnection server() {
        return server;
    }

    public long connectedAt() {
        return connectedAt;
    }

    public long requestAt() {
        return requestAt;
    }

    /** When the client started waiting for a server connection (nanoTime), or 0. */
    public long waitingSince() {
        return waitingSince;
    }

    public BackendKeyData cancelKey() {
        return cancelKey;
    }

    /** Whether the client is inside a transaction block or waiting for an answer. */
    public boolean busy() {
        return server != null && (txStatus != TransactionStatus.IDLE || mode != PoolMode.SESSION);
    }

    /** Tells the client the proxy is going away (FATAL 57P01) and closes it, on its event loop. */
    public void terminate() {
        terminate("terminating connection: berth is shutting down");
    }

    /** Completes when the client's socket has closed. */
    public io.netty.channel.ChannelFuture closeFuture() {
        return ch.closeFuture();
    }

    /** Closes the client with FATAL 57P01 and this message, on its event loop. */
    public void terminate(String message) {
        loop.execute(() -> {
            if (!closed && ch.isActive()) {
                Errors.fatal(ch, SqlState.ADMIN_SHUTDOWN, message, null);
            }
        });
    }

    // ---- client side

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Terminate) {
            ch.close();
            return;
        }
        requestAt = System.currentTimeMillis();
        readAt = System.nanoTime();
        if (server != null && swallowReady == 0 && queued.isEmpty()) {
            forward(msg);
        } else {
            queued.add(msg);
            if (queued.size() == MAX_QUEUED) {
                // Stop reading a client that keeps sending while it waits; resumed by flushQueued.
                ch.config().setAutoRead(false);
            }
            if (server == null && waitingSince == 0) {
                acquire();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ServerConnection s = server;
        if (s != null) {
            s.channel.flush();
        }
    }

    private void forward(Object msg) {
        ServerConnection s = server;
        if (pendingReady == 0 && !unsynced) {
            queryStart = System.nanoTime();
            if (trace != null) {
                trace.sending(msg, s);
            }
        }
        if (msg instanceof Passthrough p) {
            pendingReady += p.counted();
            // Messages after the last Sync (or Query, FunctionCall, end of COPY) leave the server mid-request.
            byte last = p.lastType();
            unsynced = !(last == 'S' || last == 'Q' || last == 'F' || last == 'c' || last == 'f');
            backend.stats.received.add(p.content().readableBytes());
            if (state == null) {
                s.channel.write(p.content(), s.channel.voidPromise());
            } else {
                state.sendRun(p, s, pendingReady - p.counted());
            }
        } else if (state != null && PreparedStatements.handles(msg)) {
            state.sendNamed((ClientMessage) msg, s, pendingReady);
            unsynced = true;
        } else {
            if (msg instanceof Query || msg instanceof Sync) {
                pendingReady++;
                unsynced = false;
                if (state != null) {
                    state.sentSync();
                }
            }
            s.channel.write(msg, s.channel.voidPromise());
        }
        if (!s.channel.isWritable()) {
            // The server reads slower than the client sends (COPY FROM STDIN): stop reading the client
            // until the server's buffer drains (serverWritable). Stop first: the flush may drain it at once.
            ch.config().setAutoRead(false);
            s.channel.flush();
            if (s.channel.isWritable()) {
                ch.config().setAutoRead(true);
            }
        }
    }

    /** The held server's outbound buffer drained below its low-water mark: read the client again. */
    void serverWritable(ServerConnection conn) {
        if (conn == server && !closed && queued.isEmpty() && !ch.config().isAutoRead()) {
            ch.config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ServerConnection s = server;
        if (s != null && ch.isWritable()) {
            s.channel.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closed) {
            return;
        }
        closed = true;
        if (trace != null) {
            trace.abandoned("the client disconnected");
        }
        px.clients().unregister(cancelKey);
        px.clients().closed();
        if (admitted) {
            px.clients().left(info.database(), info.user());
        }
        queued.forEach(ReferenceCountUtil::release);
        queued.clear();
        ServerConnection s = server;
        if (s == null) {
            return;
        }
        if (swallowReady > 0 || pendingReady > 0 || unsynced || txStatus != TransactionStatus.IDLE) {
            // The server is mid-request: its state is unknown, so it must not serve anyone else.
            s.broken = true;
            releaseServer();
        } else if (state != null && state.pinnedBy() != null) {
            // It holds what this client left behind (a LISTEN, a lock, a temporary table): close it.
            s.broken = true;
            releaseServer();
        } else if (resetQuery() != null
                && (mode == PoolMode.SESSION || px.settings().serverResetQueryAlways())) {
            swallow(new Query(resetQuery()), () -> {
                resetDone(s);
                releaseServer();
            });
        } else {
            releaseServer();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{} client {}:{} sent bad input: {}", backend.key, info.address(), info.port(), cause.toString());
        Errors.protocolViolation(ch, cause);
    }

    // ---- timeouts, checked by the event loop's sweep

    /** Applies query_timeout, transaction_timeout, idle_transaction_timeout and client_idle_timeout. */
    void checkTimeouts(long now) {
        if (closed || !ch.isActive()) {
            return;
        }
        ProxySettings.ClientTimeouts t = backend.target.limits(px.settings()).timeouts();
        ServerConnection s = server;
        boolean idle = pendingReady == 0 && !unsynced && queued.isEmpty() && waitingSince == 0;
        if (s != null && pendingReady > 0 && swallowReady == 0 && over(t.query(), now - queryStart)) {
            if (cancelSentAt == 0) {
                cancelSentAt = now;
                px.lifecycle().timeout(info, "query_timeout", t.query().toMillis(), "cancel");
                px.cancel(this, s);
            } else if (over(t.query(), now - cancelSentAt)) {
                s.broken = true;
                timedOut(
                        SqlState.QUERY_CANCELED,
                        "query_timeout: the server did not answer a cancel within "
                                + t.query().toMillis() + " ms",
                        "the server connection is closed; reconnect");
            }
            return;
        }
        if (s != null && txStatus != TransactionStatus.IDLE) {
            if (over(t.transaction(), now - blockStart)) {
                timedOut(
                        SqlState.TRANSACTION_TIMEOUT,
                        "transaction_timeout: transaction open for more than "
                                + t.transaction().toMillis() + " ms",
                        null);
            } else if (idle && over(t.idleTransaction(), now - readyAt)) {
                timedOut(
                        SqlState.IDLE_IN_TRANSACTION_TIMEOUT,
                        "idle_transaction_timeout: idle in a transaction for more than "
                                + t.idleTransaction().toMillis() + " ms",
                        null);
            }
            return;
        }
        if (idle && over(t.clientIdle(), now - readAt)) {
            timedOut(
                    SqlState.IDLE_SESSION_TIMEOUT,
                    "client_idle_timeout: idle for more than " + t.clientIdle().toMillis() + " ms",
                    null);
        }
    }

    private static boolean over(java.time.Duration limit, long elapsedNanos) {
        return !limit.isZero() && elapsedNanos > limit.toNanos();
    }

    private void timedOut(String sqlState, String message, String hint) {
        px.lifecycle().timeout(info, message.substring(0, message.indexOf(':')), -1, "close");
        Errors.fatal(ch, sqlState, message, hint);
    }

    // ---- acquiring and releasing the server

    private void acquire() {
        if (backend.retired && !followReload()) {
            return;
        }
        waitingSince = System.nanoTime();
        java.time.Duration queryWait = backend.target.limits(px.settings()).queryWait();
        java.time.Duration wait = queryWait.isZero() ? java.time.Duration.ofDays(365) : queryWait;
        io.berth.pool.Pool<ServerConnection> pool = backend.poolFor(loop);
        java.time.Duration reserveAfter = px.settings().reservePoolTimeout();
        if (backend.target.reservePoolSize() > 0 && reserveAfter.compareTo(wait) < 0) {
            // Wait reserve_pool_timeout first; then the pool may grow by its reserve for the rest.
            java.time.Duration rest = wait.minus(reserveAfter);
            pool.acquireAsync(reserveAfter, loop).whenComplete((l, error) -> {
                if (error != null && unwrap(error) instanceof io.berth.pool.AcquireTimeoutException && !closed) {
                    backend.openReserve(pool, loop, reserveAfter);
                    pool.acquireAsync(rest, loop).whenComplete(this::acquired);
                } else {
                    acquired(l, error);
                }
            });
            return;
        }
        pool.acquireAsync(wait, loop).whenComplete(this::acquired);
    }

    /** Moves to the pool that replaced a retired one; false (client closed) when its database is gone. */
    private boolean followReload() {
        Target next = px.target(info.database(), info.user());
        if (next == null) {
            Errors.fatal(
                    ch,
                    SqlState.INVALID_CATALOG_NAME,
                    "database \"" + info.database() + "\" was removed from the configuration",
                    "reconnect to a database the proxy serves");
            return false;
        }
        backend = px.backends().get(new PoolKey(info.database(), info.user()), next);
        return true;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private void acquired(Lease<ServerConnection> l, Throwable error) {
        long waited = System.nanoTime() - waitingSince;
        waitingSince = 0;
        backend.stats.waitTimeMicros.add(waited / 1000);
        backend.stats.waitCount.increment();
        // The whole wait, timed-out ones and both parts of a reserve-pool wait included.
        backend.stats.waitTimes.record(waited / 1000);
        if (trace != null) {
            trace.acquired(waited, error, queued.peek());
        }
        if (error != null) {
            px.lifecycle().acquireFailed(info, backend.key, waited, error);
            if (!closed) {
                Errors.fatal(ch, Errors.acquireFailed(backend.key, error));
            }
            return;
        }
        if (closed) {
            l.close();
            return;
        }
        ServerConnection s = l.connection();
        // Owner first, then the check: a close on the server's loop after this point reaches
        // serverClosed; one before it shows in usable().
        s.owner = this;
        if (!s.usable()) {
            // It died while idle in the pool (the server restarted, a backend was terminated): evict
            // it and take another, so no client's statement is sent into a closed socket.
            s.owner = null;
            l.invalidate();
            acquire();
            return;
        }
        lease = l;
        server = s;
        xactStart = System.nanoTime();
        backend.learnWelcome(s);
        if (!greeted) {
            greet();
        }
        String sync = params.changesFor(s);
        if (!sync.isEmpty()) {
            swallow(new Query(sync), this::flushQueued);
        } else {
            flushQueued();
        }
    }

    private void flushQueued() {
        if (closed) {
            return;
        }
        Object m;
        while ((m = queued.poll()) != null) {
            forward(m);
        }
        ServerConnection s = server;
        if (s != null) {
            s.channel.flush();
            if (s.channel.isWritable() && !ch.config().isAutoRead()) {
                ch.config().setAutoRead(true);
            }
        }
        maybeRelease();
    }

    private void maybeRelease() {
        if (server == null || swallowReady > 0 || !queued.isEmpty() || pendingReady > 0 || unsynced) {
            return;
        }
        if (state != null) {
            if (state.pinnedBy() != null) {
                return;
            }
            if (!state.probe().isEmpty() && txStatus == TransactionStatus.IDLE) {
                probing = true;
                swallow(new Query(state.probeQuery()), () -> {
                    probing = false;
                    flushQueued();
                });
                return;
            }
        }
        switch (mode) {
            case SESSION -> {
                return;
            }
            case TRANSACTION -> {
                if (txStatus != TransactionStatus.IDLE) {
                    return;
                }
            }
            case STATEMENT -> {
                if (txStatus != TransactionStatus.IDLE) {
                    server.broken = true;
                    releaseServer();
                    Errors.fatal(
                            ch,
                            SqlState.FEATURE_NOT_SUPPORTED,
                            "transaction blocks are not allowed in statement pooling mode",
                            "use pool_mode = transaction for this database or user");
                    return;
                }
            }
        }
        if (px.settings().serverResetQueryAlways() && resetQuery() != null) {
            ServerConnection s = server;
            swallow(new Query(resetQuery()), () -> {
                resetDone(s);
                releaseServer();
            });
            return;
        }
        releaseServer();
    }

    private void releaseServer() {
        ServerConnection s = server;
        Lease<ServerConnection> l = lease;
        server = null;
        lease = null;
        if (s == null) {
            return;
        }
        backend.stats.xactTimeMicros.add((System.nanoTime() - xactStart) / 1000);
        if (statements != null) {
            statements.released();
        }
        if (state != null) {
            state.discardSettled();
        }
        s.owner = null;
        if (!s.channel.config().isAutoRead()) {
            // Paused while this client could not keep up with it; the next owner starts fresh.
            s.channel.config().setAutoRead(true);
        }
        if (!ch.config().isAutoRead() && queued.isEmpty()) {
            ch.config().setAutoRead(true);
        }
        s.lastUsedAt = System.currentTimeMillis();
        if (s.usable() && !backend.retired) {
            l.close();
        } else {
            l.invalidate();
        }
    }

    /** server_reset_query ran on {@code s}: its settings are the server's defaults again. */
    private void resetDone(ServerConnection s) {
        s.params.clear();
        s.params.putAll(s.defaults);
        SqlCommands.Kind k = SqlCommands.classify(resetQuery()).kind();
        if (k == SqlCommands.Kind.DISCARD_ALL || k == SqlCommands.Kind.DEALLOCATE_ALL) {
            s.prepared.clear();
        }
    }

    private String resetQuery() {
        String q = px.settings().serverResetQuery();
        return q == null || q.isBlank() ? null : q;
    }

    private void swallow(Query q, Runnable after) {
        swallowReady++;
        swallowFailed = false;
        afterSwallow = after;
        server.channel.writeAndFlush(q, server.channel.voidPromise());
    }

    private void greet() {
        greeted = true;
        Map<String, String> welcome = backend.welcome;
        Map<String, String> names = backend.welcomeNames;
        // One buffer for the whole greeting: a dozen ParameterStatus, BackendKeyData, ReadyForQuery.
        io.netty.buffer.ByteBuf out = ch.alloc().ioBuffer(512);
        if (welcome != null) {
            welcome.forEach((k, v) -> {
                String mine = params.get(k);
                new ParameterStatus(names.getOrDefault(k, k), mine != null ? mine : v).encode(out);
            });
        }
        cancelKey.encode(out);
        ReadyForQuery.IDLE.encode(out);
        ch.writeAndFlush(out, ch.voidPromise());
    }

    // ---- server side

    @Override
    public void serverBatch(ServerConnection conn, List<Object> batch) {
        if (conn != server) {
            batch.forEach(ReferenceCountUtil::release);
            return;
        }
        for (Object m : batch) {
            if (swallowReady > 0) {
                swallowed(conn, m);
                continue;
            }
            if (m instanceof Passthrough p) {
                backend.stats.sent.add(p.content().readableBytes());
                if (state != null && state.discardPending()) {
                    SessionState.watchDiscard(p, conn);
                }
                ch.write(p.content(), ch.voidPromise());
                continue;
            }
            if (state != null) {
                m = state.reply(conn, m, pendingReady);
                if (m == null) {
                    continue;
                }
            }
            if (m instanceof ParameterStatus s) {
                conn.params.put(s.name().toLowerCase(java.util.Locale.ROOT), s.value());
                params.reported(s.name(), s.value());
            } else if (m instanceof ErrorResponse e && e.isFatal()) {
                conn.broken = true;
            }
            ch.write(m, ch.voidPromise());
            if (m instanceof ReadyForQuery z) {
                ready(z.status());
            }
        }
        ch.flush();
        ServerConnection s = server;
        if (s != null && !ch.isWritable() && ch.isActive()) {
            // Back-pressure for a slow client. A closed client is not writable either, but its server
            // is released at once (channelInactive): pausing it would only switch its reads off and on.
            s.channel.config().setAutoRead(false);
        }
    }

    private void ready(TransactionStatus status) {
        backend.stats.queryCount.increment();
        long now = System.nanoTime();
        backend.stats.queryTimeMicros.add((now - queryStart) / 1000);
        pendingReady = Math.max(0, pendingReady - 1);
        if (status != TransactionStatus.IDLE && txStatus == TransactionStatus.IDLE) {
            blockStart = now;
        }
        readyAt = now;
        if (pendingReady == 0) {
            cancelSentAt = 0;
        }
        txStatus = status;
        if (pendingReady == 0 && !unsynced && status == TransactionStatus.IDLE) {
            backend.stats.xactCount.increment();
            if (trace != null) {
                trace.idle();
            }
        }
        maybeRelease();
    }

    private void swallowed(ServerConnection conn, Object m) {
        try {
            if (probing && m instanceof Passthrough p) {
                ByteBuf c = p.content();
                for (int at = c.readerIndex(); at < c.writerIndex(); at += 1 + c.getInt(at + 1)) {
                    if (c.getByte(at) == 'D') {
                        state.probed(conn, params, c.slice(at + 5, c.getInt(at + 1) - 4));
                    }
                }
            } else if (m instanceof ParameterStatus s) {
                conn.params.put(s.name().toLowerCase(java.util.Locale.ROOT), s.value());
                params.confirmed(s.name(), s.value());
            } else if (m instanceof ErrorResponse e && !e.notice()) {
                LOG.warn(
                        "{} could not align server settings for client {}:{}: {}",
                        backend.key,
                        info.address(),
                        info.port(),
                        e.message());
                swallowFailed = true;
                if (!closed) {
                    Errors.fatal(ch, e);
                }
            } else if (m instanceof ReadyForQuery) {
                swallowReady--;
                if (swallowFailed) {
                    conn.broken = true;
                }
                if (swallowReady == 0) {
                    Runnable after = afterSwallow;
                    afterSwallow = null;
                    if (swallowFailed || after == null) {
                        releaseServer();
                    } else {
                        after.run();
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(m);
        }
    }

    @Override
    public void serverClosed(ServerConnection conn, Throwable cause) {
        if (conn != server) {
            return;
        }
        conn.broken = true;
        if (trace != null) {
            trace.abandoned("the server connection closed");
        }
        releaseServer();
        if (!closed) {
            Errors.fatal(
                    ch,
                    SqlState.CONNECTION_FAILURE,
                    "server connection " + conn + " closed unexpectedly"
                            + (cause == null ? "" : ": " + cause.getMessage()),
                    "the server may have been restarted or terminated the backend; reconnect");
        }
    }

    @Override
    public String toString() {
        return "client(" + info.user() + "@" + info.database() + " from " + info.address() + ":" + info.port() + ")";
    }
}
