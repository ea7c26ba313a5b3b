package io.berth.proxy.internal;

import io.berth.pg.protocol.Bind;
import io.berth.pg.protocol.ClientMessage;
import io.berth.pg.protocol.Close;
import io.berth.pg.protocol.Describe;
import io.berth.pg.protocol.Parse;
import io.berth.pg.protocol.ParseComplete;
import io.berth.pg.protocol.Passthrough;
import io.berth.pg.protocol.ServerMessage;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One client's protocol-level named prepared statements in transaction and statement pooling
 * (PgBouncer's max_prepared_statements): the client's names map to {@link Prepared} statements,
 * each server connection keeps an LRU {@link PreparedCache} of what Berth prepared on it, and
 * messages are rewritten as they go to the server:
 *
 * <ul>
 *   <li>Parse: sent renamed when the server lacks the statement; when it has it, a Close of a
 *       statement that does not exist goes instead and its CloseComplete comes back to the client
 *       as the ParseComplete it expects, in the right place.
 *   <li>Bind and Describe: the statement is prepared first where missing (its ParseComplete is
 *       swallowed), then the message goes renamed.
 *   <li>Close: forgets the client's name; the server keeps the statement for others.
 *   <li>LRU eviction closes the statement on the server (CloseComplete swallowed).
 * </ul>
 *
 * <p>Replies are matched to requests with two queues, one for ParseComplete and one for
 * CloseComplete; each entry remembers which Sync ends its segment, so entries the server skipped
 * after an error are dropped at that segment's ReadyForQuery, and what they had assumed is undone.
 * Runs of undecoded client messages hold at most one Sync-like message, as their last (the
 * decoder's endRunAfter), so counts per run belong to one segment.
 *
 * <p>Confined to the client's event loop.
 */
final class PreparedStatements {
    /** A name no client statement has: Close of it answers CloseComplete and changes nothing. */
    static final String NO_SUCH_STATEMENT = "berth.no-such-statement";

    private enum Action {
        /** Pass the reply to the client. */
        FORWARD,
        /** The client's own Parse, renamed: pass the reply; undo on skip. */
        CLIENT_PARSE,
        /** A Parse Berth injected: swallow the reply; undo on skip. */
        INJECTED_PARSE,
        /** A Close Berth sent to evict: swallow; undo on skip. */
        EVICTION,
        /** Stands in for a client Parse the server did not need: answer ParseComplete. */
        AS_PARSE
    }

    private static final class Reply {
        final Action action;
        final long segment;
        int count;
        final String serverName;
        final String clientName;
        final Prepared statement;

        Reply(Action action, long segment, int count, String serverName, String clientName, Prepared statement) {
            this.action = action;
            this.segment = segment;
            this.count = count;
            this.serverName = serverName;
            this.clientName = clientName;
            this.statement = statement;
        }
    }

    /** The client's names; null until it prepares one (an idle client costs nothing here). */
    private Map<String, Prepared> byName;
    /** Replies expected, in order; null until the first request that gets one. */
    private ArrayDeque<Reply> parses;

    private ArrayDeque<Reply> closes;
    private final int max;
    private long syncsSent;
    private long readyReceived;

    PreparedStatements(int maxPerServer) {
        this.max = maxPerServer;
    }

    int size() {
        return byName == null ? 0 : byName.size();
    }

    /** Whether this message must go through {@link #send} rather than as is. */
    static boolean handles(Object msg) {
        return msg instanceof Parse || msg instanceof Bind || msg instanceof Describe || msg instanceof Close;
    }

    /** Writes a client's named Parse, Bind, Describe or Close to the server, rewritten. */
    void send(ClientMessage msg, ServerConnection s) {
        Channel out = s.channel;
        switch (msg) {
            case Parse p -> {
                Prepared st = Prepared.of(p);
                names().put(p.name(), st);
                if (s.prepared.touch(st.serverName())) {
                    out.write(new Close(Close.STATEMENT, NO_SUCH_STATEMENT), out.voidPromise());
                    closes().add(new Reply(Action.AS_PARSE, syncsSent, 1, st.serverName(), p.name(), st));
                } else {
                    makeRoom(s);
                    s.prepared.add(st.serverName());
                    out.write(st.parse(), out.voidPromise());
                    parses().add(new Reply(Action.CLIENT_PARSE, syncsSent, 1, st.serverName(), p.name(), st));
                }
            }
            case Bind b -> {
                Prepared st = lookup(b.statement());
                if (st == null) {
                    out.write(b, out.voidPromise());
                } else {
                    ensurePrepared(st, s);
                    out.write(b.withStatement(st.serverName()), out.voidPromise());
                }
            }
            case Describe d -> {
                Prepared st = d.kind() == Describe.STATEMENT ? lookup(d.name()) : null;
                if (st == null) {
                    out.write(d, out.voidPromise());
                } else {
                    ensurePrepared(st, s);
                    out.write(new Describe(Describe.STATEMENT, st.serverName()), out.voidPromise());
                }
            }
            case Close c -> {
                Prepared st = c.kind() == Close.STATEMENT ? forget(c.name()) : null;
                out.write(st == null ? c : new Close(Close.STATEMENT, NO_SUCH_STATEMENT), out.voidPromise());
                forward(closes(), 1);
            }
            default -> throw new IllegalArgumentException("not a statement message: " + msg);
        }
    }

    /** Accounts for a run of undecoded client messages sent as is. */
    void sent(Passthrough run) {
        sentWithoutSync(run);
        syncsSent += run.counted(1);
    }

    /** Accounts for the Parse and Close messages of a run whose Sync-like last message goes otherwise. */
    void sentWithoutSync(Passthrough run) {
        if (run.counted(2) > 0) {
            forward(parses(), run.counted(2));
        }
        if (run.counted(3) > 0) {
            forward(closes(), run.counted(3));
        }
    }

    /** Whether the client has a protocol-level statement of this name. */
    boolean has(String clientName) {
        return byName != null && byName.containsKey(clientName);
    }

    /** Accounts for a Query, Sync or FunctionCall sent. */
    void sentSync() {
        syncsSent++;
    }

    /**
     * The client DEALLOCATEs one of its statements by name in a simple Query: forgets it and returns
     * the Query to send instead (deallocating Berth's statement on this server, prepared first if
     * missing), or null when the name is not one of the client's protocol-level statements.
     */
    String deallocate(String clientName, ServerConnection s) {
        Prepared st = forget(clientName);
        if (st == null) {
            return null;
        }
        ensurePrepared(st, s);
        s.prepared.remove(st.serverName());
        return "DEALLOCATE \"" + st.serverName() + "\"";
    }

    /** The client dropped all its statements (DEALLOCATE ALL, DISCARD ALL). */
    void forgetAll() {
        byName = null;
    }

    /** A ParseComplete from the server: whether the client gets it. */
    boolean parseComplete() {
        Reply r = take(parses);
        return r == null || r.action != Action.INJECTED_PARSE;
    }

    /** A CloseComplete from the server: what the client gets instead, or null for nothing. */
    ServerMessage closeComplete(ServerMessage closeComplete) {
        Reply r = take(closes);
        if (r == null) {
            return closeComplete;
        }
        return switch (r.action) {
            case EVICTION -> null;
            case AS_PARSE -> ParseComplete.INSTANCE;
            default -> closeComplete;
        };
    }

    /**
     * A ReadyForQuery from the server: the segment it ends is over, so replies still expected in it
     * were skipped after an error; undo what their requests assumed.
     */
    void ready(ServerConnection s) {
        readyReceived++;
        dropSkipped(parses, s);
        dropSkipped(closes, s);
    }

    /** The server connection goes back to the pool: every request has had its ReadyForQuery. */
    void released() {
        if (parses != null) {
            parses.clear();
        }
        if (closes != null) {
            closes.clear();
        }
        syncsSent = 0;
        readyReceived = 0;
    }

    private void ensurePrepared(Prepared st, ServerConnection s) {
        if (s.prepared.touch(st.serverName())) {
            return;
        }
        makeRoom(s);
        s.prepared.add(st.serverName());
        s.channel.write(st.parse(), s.channel.voidPromise());
        parses().add(new Reply(Action.INJECTED_PARSE, syncsSent, 1, st.serverName(), null, st));
    }

    private void makeRoom(ServerConnection s) {
        String evicted = s.prepared.evictFor(max);
        if (evicted != null) {
            s.channel.write(new Close(Close.STATEMENT, evicted), s.channel.voidPromise());
            closes().add(new Reply(Action.EVICTION, syncsSent, 1, evicted, null, null));
        }
    }

    private void forward(ArrayDeque<Reply> queue, int n) {
        if (n == 0) {
            return;
        }
        Reply last = queue.peekLast();
        if (last != null && last.action == Action.FORWARD && last.segment == syncsSent) {
            last.count += n;
        } else {
            queue.add(new Reply(Action.FORWARD, syncsSent, n, null, null, null));
        }
    }

    private Map<String, Prepared> names() {
        if (byName == null) {
            byName = new HashMap<>();
        }
        return byName;
    }

    private Prepared lookup(String name) {
        return byName == null ? null : byName.get(name);
    }

    private Prepared forget(String name) {
        return byName == null ? null : byName.remove(name);
    }

    private ArrayDeque<Reply> parses() {
        if (parses == null) {
            parses = new ArrayDeque<>(4);
        }
        return parses;
    }

    private ArrayDeque<Reply> closes() {
        if (closes == null) {
            closes = new ArrayDeque<>(4);
        }
        return closes;
    }

    private static Reply take(ArrayDeque<Reply> queue) {
        if (queue == null) {
            return null;
        }
        Reply r = queue.peek();
        if (r != null && --r.count == 0) {
            queue.poll();
        }
        return r;
    }

    private void dropSkipped(ArrayDeque<Reply> queue, ServerConnection s) {
        if (queue == null) {
            return;
        }
        Reply r;
        while ((r = queue.peek()) != null && r.segment < readyReceived) {
            queue.poll();
            switch (r.action) {
                case CLIENT_PARSE -> {
                    s.prepared.remove(r.serverName);
                    names().remove(r.clientName, r.statement);
                }
                case INJECTED_PARSE -> s.prepared.remove(r.serverName);
                case EVICTION -> s.prepared.add(r.serverName);
                case AS_PARSE -> names().remove(r.clientName, r.statement);
                case FORWARD -> {}
            }
        }
    }
}
