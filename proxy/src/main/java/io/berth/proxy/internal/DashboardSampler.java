package io.berth.proxy.internal;

import io.berth.proxy.internal.DashboardHistory.Sample;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one {@link Sample} a second for the dashboard, on one event loop: counts from {@link
 * PoolSummary}, rates and waits from the difference between the pools' totals now and at the
 * previous sample (waits from the pools' {@link WaitHistogram}s, so average and p99 come from the
 * same measurements). Everything here runs on that loop, so the previous totals need no guard.
 */
final class DashboardSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardSampler.class);

    private final ProxyContext px;
    private final DashboardHistory history;
    private ScheduledFuture<?> task;

    private long lastNanos;
    private Totals last;

    /** The pools' totals summed, and their wait histograms summed. */
    private record Totals(long xacts, long queries, long waitMicros, long[] waits) {
        static Totals of(ProxyContext px) {
            long x = 0, q = 0, w = 0;
            long[] waits = new long[WaitHistogram.BUCKETS];
            for (Backend b : px.backends().all()) {
                PoolStatsCounters s = b.stats();
                x += s.xactCount.sum();
                q += s.queryCount.sum();
                w += s.waitTimes.totalMicros();
                s.waitTimes.addTo(waits);
            }
            return new Totals(x, q, w, waits);
        }
    }

    DashboardSampler(ProxyContext px, DashboardHistory history, long nowNanos) {
        this.px = px;
        this.history = history;
        this.lastNanos = nowNanos;
        this.last = Totals.of(px);
    }

    /** Samples once a second on {@code loop} until closed. */
    void start(EventLoop loop) {
        task = loop.scheduleAtFixedRate(
                () -> {
                    try {
                        sample(System.nanoTime(), System.currentTimeMillis());
                    } catch (RuntimeException e) {
                        LOG.warn("dashboard sample failed: {}", e.toString(), e);
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    /** Takes a sample as of now and adds it to the history. */
    Sample sample(long nowNanos, long nowMillis) {
        Totals now = Totals.of(px);
        double seconds = Math.max(1, nowNanos - lastNanos) / 1e9;
        int clActive = 0, clWaiting = 0, svActive = 0, svIdle = 0, svUsed = 0, svTested = 0;
        long maxWait = 0;
        List<PoolSummary> pools = PoolSummary.of(px, px.backends().all());
        for (PoolSummary p : pools) {
            clActive += p.clientsActive();
            clWaiting += p.clientsWaiting();
            svActive += p.serversActive();
            svIdle += p.serversIdle();
            svUsed += p.serversUsed();
            svTested += p.serversTested();
            maxWait = Math.max(maxWait, p.maxWaitMicros());
        }
        long[] waits = new long[WaitHistogram.BUCKETS];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = Math.max(0, now.waits()[i] - last.waits()[i]);
        }
        long waitCount = WaitHistogram.count(waits);
        long waitMicros = Math.max(0, now.waitMicros() - last.waitMicros());
        Sample s = new Sample(
                nowMillis,
                clActive,
                clWaiting,
                svActive,
                svIdle,
                svUsed,
                svTested,
                Math.max(0, now.xacts() - last.xacts()) / seconds,
                Math.max(0, now.queries() - last.queries()) / seconds,
                waitCount,
                waitCount == 0 ? 0 : waitMicros / waitCount,
                WaitHistogram.quantile(waits, 0.99),
                maxWait);
        last = now;
        lastNanos = nowNanos;
        history.add(s);
        return s;
    }

    @Override
    public void close() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
