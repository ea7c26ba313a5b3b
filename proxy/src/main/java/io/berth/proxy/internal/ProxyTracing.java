package io.berth.proxy.internal;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Berth's OpenTelemetry spans (instrumentation scope {@code io.berth.proxy}), made through the API
 * only: without an SDK installed by the application ({@link GlobalOpenTelemetry#set}), {@link
 * #enabled()} is false and every method returns at once without allocating.
 *
 * <ul>
 *   <li>{@code berth.pool.acquire}: a client's wait for a server connection, from when it began to
 *       wait to when it got one (or gave up), with {@code berth.wait_ms} and {@code berth.outcome};
 *   <li>{@code berth.server.connect}: opening a server connection, TCP connect and login, with
 *       {@code server.address}, {@code server.port}, {@code berth.outcome} and {@code error.type};
 *   <li>{@code berth.transaction}: one proxied transaction (trace_transactions), see {@link
 *       TransactionTrace}.
 * </ul>
 *
 * <p>Spans of a client (acquire, transaction) are children of the client's own trace when it sends
 * a traceparent ({@link TraceParent}); server connects belong to no client and start a trace.
 */
public final class ProxyTracing {
    static final String SCOPE = "io.berth.proxy";
    static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<String> DB_USER = AttributeKey.stringKey("db.user");
    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<Long> WAIT_MS = AttributeKey.longKey("berth.wait_ms");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("berth.outcome");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** No spans at all. */
    static final ProxyTracing OFF = new ProxyTracing(OpenTelemetry.noop(), false);

    private final Tracer tracer;
    private final boolean enabled;

    private ProxyTracing(OpenTelemetry otel, boolean enabled) {
        this.tracer = otel.getTracer(SCOPE);
        this.enabled = enabled;
    }

    /** Spans through {@code otel}. */
    public static ProxyTracing of(OpenTelemetry otel) {
        return new ProxyTracing(otel, otel != OpenTelemetry.noop());
    }

    /** Spans through the SDK the application installed, or {@link #OFF} when there is none. */
    public static ProxyTracing global() {
        return GlobalOpenTelemetry.isSet() ? of(GlobalOpenTelemetry.get()) : OFF;
    }

    /** Whether spans go anywhere; callers check this before gathering what a span needs. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * A client's wait for a server connection that just ended after {@code waitedNanos}: a span
     * back-dated to when it began. {@code error} is null when the client got one.
     */
    void acquired(PoolKey key, long waitedNanos, Throwable error, SpanContext parent) {
        if (!enabled) {
            return;
        }
        Instant now = Instant.now();
        long endNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        Span span = builder("berth.pool.acquire", SpanKind.INTERNAL, parent)
                .setStartTimestamp(endNanos - waitedNanos, TimeUnit.NANOSECONDS)
                .setAttribute(DB_NAMESPACE, key.database())
                .setAttribute(DB_USER, key.user())
                .setAttribute(WAIT_MS, TimeUnit.NANOSECONDS.toMillis(waitedNanos))
                .startSpan();
        finish(span, error, endNanos);
    }

    /** Starts {@code berth.server.connect}; end it with {@link #finish}. */
    Span connecting(PoolKey key, String host, int port) {
        if (!enabled) {
            return Span.getInvalid();
        }
        return builder("berth.server.connect", SpanKind.CLIENT, null)
                .setAttribute(DB_NAMESPACE, key.database())
                .setAttribute(DB_USER, key.user())
                .setAttribute(DB_SYSTEM, "postgresql")
                .setAttribute(SERVER_ADDRESS, host)
                .setAttribute(SERVER_PORT, (long) port)
                .startSpan();
    }

    /** Starts {@code berth.transaction} as a child of {@code parent} (null: a new trace). */
    Span transaction(PoolKey key, ClientInfo client, SpanContext parent) {
        return builder("berth.transaction", SpanKind.SERVER, parent)
                .setAttribute(DB_NAMESPACE, key.database())
                .setAttribute(DB_USER, key.user())
                .setAttribute(DB_SYSTEM, "postgresql")
                .setAttribute(CLIENT_ADDRESS, client.address())
                .startSpan();
    }

    /** Ends a span with {@code berth.outcome} ok, or error and the error's type and message. */
    static void finish(Span span, Throwable error) {
        finish(span, error, 0);
    }

    private static void finish(Span span, Throwable error, long endEpochNanos) {
        if (!span.isRecording()) {
            span.end();
            return;
        }
        if (error == null) {
            span.setAttribute(OUTCOME, "ok");
        } else {
            Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            span.setAttribute(OUTCOME, e instanceof io.berth.pool.AcquireTimeoutException ? "timeout" : "error");
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
        }
        if (endEpochNanos > 0) {
            span.end(endEpochNanos, TimeUnit.NANOSECONDS);
        } else {
            span.end();
        }
    }

    private SpanBuilder builder(String name, SpanKind kind, SpanContext parent) {
        SpanBuilder b = tracer.spanBuilder(name).setSpanKind(kind);
        if (parent != null) {
            b.setParent(Context.root().with(Span.wrap(parent)));
        } else {
            b.setNoParent();
        }
        return b;
    }
}
