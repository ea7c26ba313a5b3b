package io.berth.proxy.internal;

import io.berth.pg.protocol.ClientMessage;
import io.berth.pg.protocol.Parse;
import io.berth.pg.protocol.Passthrough;
import io.berth.pg.protocol.Query;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session state of one client in transaction and statement pooling, kept across server
 * connections: its named prepared statements ({@link PreparedStatements}), the settings it SETs or
 * RESETs (asked of the server when its transaction ends, then re-applied wherever it lands, see
 * {@link SessionParams}), and whether it used a feature that ties it to one server connection
 * (pinned until it leaves, or refused with an error, by session_features).
 *
 * <p>Every client message bound for the server goes through {@link #send}. Confined to the
 * client's event loop.
 */
final class SessionState {
    private static final Logger LOG = LoggerFactory.getLogger(SessionState.class);

    private final PreparedStatements statements;
    private final List<String> tracked;
    private final boolean pin;
    /** Who this is, for logs (the session; its text is made only when logged). */
    private final Object where;
    /** Settings to ask the server for; null while there are none (most clients never SET). */
    private Set<String> probe;

    private String pinnedBy;
    private boolean discardPending;
    /** Refused Parses whose stand-in's error has not come back; null until the first. */
    private java.util.ArrayDeque<Refusal> refusals;

    private static final String REFUSAL_HINT =
            "use pool_mode = session for this database or user, or session_features = pin";
    /** What the server is asked to parse in place of a refused statement: fails with 42601 naming it. */
    private static final String STAND_IN_MARK = "berth_refused_session_feature";

    private static final Parse STAND_IN = new Parse("", STAND_IN_MARK, new int[0]);

    SessionState(ProxySettings.SessionPolicy policy, Object where) {
        this.statements =
                policy.maxPreparedStatements() > 0 ? new PreparedStatements(policy.maxPreparedStatements()) : null;
        this.tracked = policy.trackedParameters();
        this.pin = policy.pin();
        this.where = where;
    }

    /** The client's prepared statements, or null when max_prepared_statements is 0. */
    PreparedStatements statements() {
        return statements;
    }

    /** The feature that pins this client to its server connection, or null. */
    String pinnedBy() {
        return pinnedBy;
    }

    /** Settings to ask the server for before the connection goes back (empty: none). */
    Set<String> probe() {
        return probe == null ? Set.of() : probe;
    }

    private Set<String> probeToFill() {
        if (probe == null) {
            probe = new LinkedHashSet<>();
        }
        return probe;
    }

    /** A DISCARD ALL or DEALLOCATE ALL is on its way: the server's CommandComplete tags matter. */
    boolean discardPending() {
        return discardPending;
    }

    void discardSettled() {
        discardPending = false;
    }

    /**
     * Sends a named Parse, Bind, Describe or Close (decoded because it names a statement). {@code
     * readyBefore}: ReadyForQuery messages the server owes for what was sent before it.
     */
    void sendNamed(ClientMessage msg, ServerConnection s, int readyBefore) {
        if (msg instanceof Parse p) {
            SessionSql.Effect effect = SessionSql.classify(p.query());
            if (refuses(effect)) {
                refuse(effect.name(), readyBefore);
                s.channel.write(STAND_IN, s.channel.voidPromise());
                return;
            }
            note(effect);
        }
        if (statements != null) {
            statements.send(msg, s);
        } else {
            s.channel.write(msg, s.channel.voidPromise());
        }
    }

    /**
     * Sends a run of undecoded messages. Its Parses and its last Query are looked at for what they do
     * to the session; a DEALLOCATE of one of the client's statement names, and (with
     * session_features = refuse) a Query using a session-only feature, are rewritten.
     */
    void sendRun(Passthrough p, ServerConnection s, int readyBefore) {
        ByteBuf c = p.content();
        int[] refused = null;
        if (p.counted(2) > 0) {
            int ready = readyBefore;
            for (int at = c.readerIndex(); at < c.writerIndex(); at += 1 + c.getInt(at + 1)) {
                byte type = c.getByte(at);
                if (type == 'S' || type == 'F') {
                    ready++;
                } else if (type == 'P') {
                    int name = c.indexOf(at + 5, c.writerIndex(), (byte) 0);
                    int end = at + 1 + c.getInt(at + 1);
                    int queryEnd = c.indexOf(name + 1, end, (byte) 0);
                    SessionSql.Effect effect = SessionSql.classify(c, name + 1, queryEnd);
                    if (refuses(effect)) {
                        refuse(effect.name(), ready);
                        refused = refused == null ? new int[] {at} : append(refused, at);
                    } else {
                        note(effect);
                    }
                }
            }
        }
        if (p.lastType() == 'Q') {
            int q = lastMessageAt(c);
            int end = q + 1 + c.getInt(q + 1);
            Rewrite rewrite = query(c, q + 5, end - 1);
            if (rewrite != null) {
                Channel out = s.channel;
                if (q > c.readerIndex()) {
                    write(c, c.readerIndex(), q, refused, out);
                }
                if (statements != null) {
                    statements.sentWithoutSync(p);
                }
                p.release();
                // A DEALLOCATE's injected Parse, if any, goes after this run's other messages.
                String sql =
                        rewrite.deallocate() != null ? statements.deallocate(rewrite.deallocate(), s) : rewrite.sql();
                out.write(new Query(sql), out.voidPromise());
                if (statements != null) {
                    statements.sentSync();
                }
                return;
            }
        }
        if (statements != null) {
            statements.sent(p);
        }
        if (refused == null) {
            s.channel.write(c, s.channel.voidPromise());
        } else {
            write(c, c.readerIndex(), c.writerIndex(), refused, s.channel);
            c.release();
        }
    }

    /**
     * Writes the messages of {@code c[from, to)} with the stand-in in place of each Parse that
     * starts at one of {@code refused}; does not release {@code c}.
     */
    private static void write(ByteBuf c, int from, int to, int[] refused, Channel out) {
        int start = from;
        if (refused != null) {
            for (int at : refused) {
                if (at >= from && at < to) {
                    if (at > start) {
                        out.write(c.retainedSlice(start, at - start), out.voidPromise());
                    }
                    out.write(STAND_IN, out.voidPromise());
                    start = at + 1 + c.getInt(at + 1);
                }
            }
        }
        if (to > start) {
            out.write(c.retainedSlice(start, to - start), out.voidPromise());
        }
    }

    private static int[] append(int[] a, int v) {
        int[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    /** Whether session_features = refuse turns this statement away (and the client is not pinned already). */
    private boolean refuses(SessionSql.Effect effect) {
        return effect.kind() == SessionSql.Kind.SESSION_FEATURE && !pin && pinnedBy == null;
    }

    /**
     * A Parse of a session-only feature, refused in its place: the server gets {@link #STAND_IN},
     * which fails to parse, and its error becomes the refusal when it comes back ({@link #reply}).
     * {@code readyBefore}: ReadyForQuery messages due before the one that ends this Parse's
     * segment; when the server skipped the stand-in (an earlier error in the segment), the refusal is
     * dropped with that segment.
     */
    private void refuse(String feature, int readyBefore) {
        LOG.info("{} refused {} in transaction pooling (session_features = refuse)", where, feature);
        if (refusals == null) {
            refusals = new java.util.ArrayDeque<>(2);
        }
        refusals.add(new Refusal(feature, readyBefore));
    }

    /** A refused Parse waiting for its stand-in's error. */
    private static final class Refusal {
        final String feature;
        int readyBefore;

        Refusal(String feature, int readyBefore) {
            this.feature = feature;
            this.readyBefore = readyBefore;
        }
    }

    /** The refusal for the stand-in's error, or the message itself; ages refusals at ReadyForQuery. */
    private Object refusalReply(Object m) {
        if (m instanceof io.berth.pg.protocol.ErrorResponse e
                && "42601".equals(e.sqlState())
                && e.message() != null
                && e.message().contains(STAND_IN_MARK)
                && !refusals.isEmpty()) {
            Refusal r = refusals.poll();
            return io.berth.pg.protocol.ErrorResponse.of("ERROR", "0A000", refusalMessage(r.feature), REFUSAL_HINT);
        }
        if (m instanceof io.berth.pg.protocol.ReadyForQuery) {
            refusals.removeIf(r -> --r.readyBefore < 0);
        }
        return m;
    }

    /** Accounts for a Query or Sync sent as a decoded message. */
    void sentSync() {
        if (statements != null) {
            statements.sentSync();
        }
    }

    /** A simple Query to send instead of the client's: this text, or the DEALLOCATE of this client name. */
    private record Rewrite(String sql, String deallocate) {}

    /** Looks at a simple Query's text; returns what to send instead, or null to send it as is. */
    private Rewrite query(ByteBuf c, int from, int to) {
        SqlCommands.Command cmd = SqlCommands.classify(c, from, to);
        switch (cmd.kind()) {
            case DISCARD_ALL, DEALLOCATE_ALL -> {
                if (statements != null) {
                    statements.forgetAll();
                }
                discardPending = true;
            }
            case DEALLOCATE -> {
                if (statements != null && statements.has(cmd.name())) {
                    return new Rewrite(null, cmd.name());
                }
            }
            case OTHER -> {}
        }
        List<SessionSql.Effect> effects = SessionSql.classifyAll(c, from, to);
        for (SessionSql.Effect effect : effects) {
            if (refuses(effect)) {
                LOG.info("{} refused {} in transaction pooling (session_features = refuse)", where, effect.name());
                return new Rewrite(refusal(effect.name()), null);
            }
        }
        for (SessionSql.Effect effect : effects) {
            note(effect);
        }
        return null;
    }

    private void note(SessionSql.Effect effect) {
        switch (effect.kind()) {
            case SETTING -> {
                if (tracked.contains(effect.name())) {
                    probeToFill().add(effect.name());
                }
            }
            case RESET_ALL -> probeToFill().addAll(tracked);
            case SESSION_FEATURE -> {
                if (pinnedBy == null) {
                    pinnedBy = effect.name();
                    LOG.info(
                            "{} used {}: it keeps its server connection until it disconnects (session_features)",
                            where,
                            effect.name());
                }
            }
            case NONE -> {}
        }
    }

    /**
     * A server message on its way to the client: what the client gets instead (a ParseComplete for
     * a CloseComplete that stood in for a Parse, nothing for a reply to what Berth sent itself), or
     * the message itself. {@code pendingReady}: ReadyForQuery still expected, this one included.
     */
    Object reply(ServerConnection conn, Object m, int pendingReady) {
        if (refusals != null) {
            m = refusalReply(m);
        }
        if (statements == null) {
            return m;
        } else if (m instanceof io.berth.pg.protocol.ParseComplete) {
            return statements.parseComplete() ? m : null;
        } else if (m instanceof io.berth.pg.protocol.CloseComplete c) {
            return statements.closeComplete(c);
        } else if (m instanceof io.berth.pg.protocol.ReadyForQuery) {
            statements.ready(conn);
            if (pendingReady <= 1) {
                discardSettled();
            }
        } else if (m instanceof io.berth.pg.protocol.ErrorResponse e && lostTrack(e)) {
            // The server's statements are not what Berth thinks: retire the connection after this client.
            LOG.warn("{} {} lost track of prepared statements: {}", where, conn, e.message());
            conn.broken = true;
        }
        return m;
    }

    /** A duplicate or missing statement under one of Berth's names. */
    private static boolean lostTrack(io.berth.pg.protocol.ErrorResponse e) {
        String code = e.sqlState();
        String message = e.message();
        return ("42P05".equals(code) || "26000".equals(code))
                && message != null
                && message.contains("\"" + Prepared.PREFIX);
    }

    /** Clears the server's statement cache when a CommandComplete says they were all dropped. */
    static void watchDiscard(Passthrough p, ServerConnection conn) {
        ByteBuf c = p.content();
        for (int at = c.readerIndex(); at < c.writerIndex(); at += 1 + c.getInt(at + 1)) {
            if (c.getByte(at) == 'C') {
                int len = c.getInt(at + 1) - 5;
                String tag = c.toString(at + 5, Math.max(0, len), StandardCharsets.US_ASCII);
                if (tag.equals("DISCARD ALL") || tag.equals("DEALLOCATE ALL")) {
                    conn.prepared.clear();
                }
            }
        }
    }

    /** A statement the server answers with the error Berth means, in its place in the stream. */
    static String refusal(String feature) {
        return "DO $berth$ BEGIN RAISE EXCEPTION USING ERRCODE = 'feature_not_supported', MESSAGE = "
                + literal(refusalMessage(feature)) + ", HINT = " + literal(REFUSAL_HINT) + "; END $berth$";
    }

    private static String refusalMessage(String feature) {
        return feature + " is not supported in transaction pooling: it would stay on a server"
                + " connection that other clients use next";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** The probe's answer (a DataRow's body): the values the server has now. */
    void probed(ServerConnection s, SessionParams params, ByteBuf row) {
        int n = row.getShort(row.readerIndex());
        int at = row.readerIndex() + 2;
        int i = 0;
        for (String name : probe()) {
            if (i++ >= n) {
                break;
            }
            int len = row.getInt(at);
            at += 4;
            if (len >= 0) {
                String value = row.toString(at, len, StandardCharsets.UTF_8);
                s.params.put(name, value);
                params.reported(name, value);
                at += len;
            }
        }
        probe = null;
    }

    /** The query that asks the server for the probed settings. */
    String probeQuery() {
        StringBuilder q = new StringBuilder("SELECT ");
        int i = 0;
        for (String name : probe()) {
            q.append(i++ == 0 ? "" : ", ")
                    .append("pg_catalog.current_setting('")
                    .append(name)
                    .append("', true)");
        }
        return q.toString();
    }

    private static int lastMessageAt(ByteBuf c) {
        int at = c.readerIndex();
        int next;
        while ((next = at + 1 + c.getInt(at + 1)) < c.writerIndex()) {
            at = next;
        }
        return at;
    }
}
