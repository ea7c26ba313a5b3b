package io.berth.proxy.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;

/**
 * The spans of one client session: {@code berth.pool.acquire} for each wait for a server
 * connection and, with trace_transactions, a {@code berth.transaction} from the first message
 * sent to a server while idle to the ReadyForQuery that leaves the session idle again.
 *
 * <p>Their parent is the client's trace: a traceparent in a sqlcommenter comment of the
 * transaction's first statement (looked for only with trace_transactions on), else one in the
 * client's application_name. A session has a SessionTrace only while an SDK is installed ({@link
 * #of} returns null otherwise), so the data path pays one null check when tracing is off.
 *
 * <p>Confined to the client's event loop, like its {@link ClientSession}.
 */
final class SessionTrace {
    private final ProxyTracing tracing;
    private final PoolKey key;
    private final ClientInfo client;
    private final SessionParams params;
    private final boolean transactions;

    private Span transaction;
    /** The last application_name seen and the trace context in it (parsed once per value). */
    private String appName;

    private SpanContext appContext;

    private SessionTrace(
            ProxyTracing tracing, PoolKey key, ClientInfo client, SessionParams params, boolean transactions) {
        this.tracing = tracing;
        this.key = key;
        this.client = client;
        this.params = params;
        this.transactions = transactions;
    }

    /** The session's tracing, or {@code null} when no SDK is installed. */
    static SessionTrace of(ProxyContext px, PoolKey key, ClientInfo client, SessionParams params) {
        ProxyTracing t = px.tracing();
        if (!t.enabled()) {
            return null;
        }
        return new SessionTrace(
                t, key, client, params, px.settings().observability().traceTransactions());
    }

    /** A wait for a server connection ended; {@code first} is the message waiting to be sent, if any. */
    void acquired(long waitedNanos, Throwable error, Object first) {
        tracing.acquired(key, waitedNanos, error, parent(first));
    }

    /** A message is about to be sent while nothing is pending on the server: it may open a transaction. */
    void sending(Object msg, ServerConnection server) {
        if (!transactions || transaction != null) {
            return;
        }
        transaction = tracing.transaction(key, client, parent(msg));
        Hosts.Host h = server.host;
        if (h != null) {
            transaction.setAttribute(ProxyTracing.SERVER_ADDRESS, h.name);
            transaction.setAttribute(ProxyTracing.SERVER_PORT, (long) h.port);
        }
    }

    /** The server said the session is idle with nothing pending: the transaction is over. */
    void idle() {
        Span t = transaction;
        if (t != null) {
            transaction = null;
            ProxyTracing.finish(t, null);
        }
    }

    /** The client or its server went away in the middle of a transaction. */
    void abandoned(String why) {
        Span t = transaction;
        if (t != null) {
            transaction = null;
            t.setAttribute(ProxyTracing.OUTCOME, "abandoned");
            t.setStatus(StatusCode.ERROR, why);
            t.end();
        }
    }

    /** The client's trace: from the first statement's comment (with trace_transactions), else application_name. */
    private SpanContext parent(Object first) {
        if (transactions && first != null) {
            SpanContext c = TraceParent.fromMessage(first);
            if (c != null) {
                return c;
            }
        }
        // The value now (after a SET, as the server reported it: cut to 63 bytes), else the one sent at
        // startup, which Berth sees whole before PostgreSQL cuts it.
        String name = params.get("application_name");
        if (name == null) {
            name = "";
        }
        if (!name.equals(appName)) {
            appName = name;
            appContext = TraceParent.fromApplicationName(name);
            if (appContext == null) {
                appContext = TraceParent.fromApplicationName(client.applicationName());
            }
        }
        return appContext;
    }
}
