package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.ProxySettings;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import io.berth.testkit.Await;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans seen by an OpenTelemetry SDK with an in-memory exporter, installed as the application would. */
class TracingIT {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";

    final ConcurrentLinkedQueue<SpanData> spans = new ConcurrentLinkedQueue<>();
    SdkTracerProvider provider;

    @BeforeEach
    void installSdk() {
        provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> batch) {
                        spans.addAll(batch);
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode flush() {
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                        return CompletableResultCode.ofSuccess();
                    }
                }))
                .build();
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return provider;
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }
        });
    }

    @AfterEach
    void removeSdk() {
        GlobalOpenTelemetry.resetForTest();
        provider.close();
    }

    @Test
    void acquireAndServerConnectAreSpansButTransactionsAreNotByDefault() throws Exception {
        try (TestProxy proxy = TestProxy.start(settings(false), 2)) {
            selectOne(proxy, new Properties(), "select 1");
            Await.until(() -> named("berth.pool.acquire").size() >= 1);
        }
        SpanData connect = named("berth.server.connect").get(0);
        assertThat(connect.getAttributes().get(AttributeKey.stringKey("server.address")))
                .isEqualTo(TestProxy.PG_HOST);
        assertThat(connect.getAttributes().get(AttributeKey.longKey("server.port")))
                .isEqualTo((long) TestProxy.PG_PORT);
        assertThat(connect.getAttributes().get(AttributeKey.stringKey("berth.outcome")))
                .isEqualTo("ok");
        SpanData acquire = named("berth.pool.acquire").get(0);
        assertThat(acquire.getAttributes().get(AttributeKey.stringKey("db.namespace")))
                .isEqualTo("test");
        assertThat(acquire.getAttributes().get(AttributeKey.stringKey("db.user")))
                .isEqualTo("postgres");
        Long waitMs = acquire.getAttributes().get(AttributeKey.longKey("berth.wait_ms"));
        assertThat(waitMs).isNotNull().isGreaterThanOrEqualTo(0L);
        // The first client waited for the connect: its wait covers the server connect span.
        assertThat(acquire.getEndEpochNanos() - acquire.getStartEpochNanos())
                .isGreaterThanOrEqualTo(connect.getEndEpochNanos() - connect.getStartEpochNanos());
        assertThat(named("berth.transaction")).isEmpty();
    }

    @Test
    void transactionSpanIsAChildOfTheTraceparentInApplicationName() throws Exception {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "billing traceparent=00-" + TRACE + "-" + SPAN + "-01");
        // In the startup packet, not in a SET after it (pgjdbc's way with servers it assumes older than 9.0):
        // Berth reads it whole there, before PostgreSQL cuts application_name to 63 bytes.
        p.setProperty("assumeMinServerVersion", "16");
        try (TestProxy proxy = TestProxy.start(settings(true), 2)) {
            try (Connection c = proxy.connect("test", p)) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("select 1");
                    s.execute("select 2");
                }
                c.commit();
            }
            Await.until(() -> !named("berth.transaction").isEmpty());
        }
        List<SpanData> tx = named("berth.transaction");
        assertThat(tx).allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(TRACE);
            assertThat(s.getParentSpanId()).isEqualTo(SPAN);
            assertThat(s.getAttributes().get(AttributeKey.stringKey("berth.outcome")))
                    .isEqualTo("ok");
        });
        // BEGIN, two statements and COMMIT are one transaction.
        assertThat(tx).hasSize(1);
        assertThat(named("berth.pool.acquire"))
                .anySatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(SPAN));
    }

    @Test
    void transactionSpanIsAChildOfTheTraceparentInASqlcommenterComment() throws Exception {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        String span = "b7ad6b7169203331";
        try (TestProxy proxy = TestProxy.start(settings(true), 2)) {
            selectOne(
                    proxy,
                    new Properties(),
                    "select 1 /*action='list',traceparent='00-" + trace + "-" + span + "-01'*/");
            selectOne(proxy, new Properties(), "select 1");
            Await.until(() -> named("berth.transaction").size() >= 2);
        }
        assertThat(named("berth.transaction"))
                .anySatisfy(s -> {
                    assertThat(s.getTraceId()).isEqualTo(trace);
                    assertThat(s.getParentSpanId()).isEqualTo(span);
                    assertThat(s.getAttributes().get(AttributeKey.stringKey("server.address")))
                            .isEqualTo(TestProxy.PG_HOST);
                })
                .anySatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
    }

    private static ProxySettings settings(boolean traceTransactions) {
        return TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.TRUST, 20, Duration.ofSeconds(10))
                .withObservability(new ProxySettings.Observability(traceTransactions, false));
    }

    private static void selectOne(TestProxy proxy, Properties p, String sql) throws Exception {
        try (Connection c = proxy.connect("test", p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    private List<SpanData> named(String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).toList();
    }
}
