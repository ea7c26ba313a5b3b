package io.berth.proxy.internal;

import io.berth.pg.protocol.RowDescription.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * SHOW STATS, STATS_TOTALS, STATS_AVERAGES and TOTALS, as PgBouncer 1.18 computes them: totals since
 * start per database (summed over its users' pools), and averages over the last complete
 * stats_period. {@link #runMaintenance} takes a snapshot (run every stats_period); the averages are
 * the difference between the last two snapshots divided by the time between them. Until the first
 * period has passed, they are taken from start to now (PgBouncer shows zeros then).
 *
 * <p>Averages as PgBouncer: counts and bytes per second; xact_time per transaction and query_time
 * per query, in microseconds; wait_time in microseconds waited per second.
 */
final class AdminStats {
    private static final String ADMIN_DB = "pgbouncer";

    /** Totals of one database; times in microseconds. */
    record Totals(long xacts, long queries, long received, long sent, long xactTime, long queryTime, long waitTime) {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0);

        Totals plus(PoolStatsCounters c) {
            return new Totals(
                    xacts + c.xactCount.sum(),
                    queries + c.queryCount.sum(),
                    received + c.received.sum(),
                    sent + c.sent.sum(),
                    xactTime + c.xactTimeMicros.sum(),
                    queryTime + c.queryTimeMicros.sum(),
                    waitTime + c.waitTimeMicros.sum());
        }

        Totals plus(Totals o) {
            return new Totals(
                    xacts + o.xacts,
                    queries + o.queries,
                    received + o.received,
                    sent + o.sent,
                    xactTime + o.xactTime,
                    queryTime + o.queryTime,
                    waitTime + o.waitTime);
        }

        long[] values() {
            return new long[] {xacts, queries, received, sent, xactTime, queryTime, waitTime};
        }

        /** PgBouncer's calc_average over {@code nanos} between {@code old} and this. */
        long[] averageSince(Totals old, long nanos) {
            long us = Math.max(1, nanos / 1000);
            long dx = xacts - old.xacts;
            long dq = queries - old.queries;
            return new long[] {
                perSecond(dx, us),
                perSecond(dq, us),
                perSecond(received - old.received, us),
                perSecond(sent - old.sent, us),
                dx > 0 ? (xactTime - old.xactTime) / dx : 0,
                dq > 0 ? (queryTime - old.queryTime) / dq : 0,
                perSecond(waitTime - old.waitTime, us)
            };
        }

        private static long perSecond(long delta, long micros) {
            return (long) (delta * 1_000_000.0 / micros);
        }
    }

    private final ProxyContext px;
    private final long startedAt;
    private volatile Snapshot older;
    private volatile Snapshot newer;

    private record Snapshot(long at, Map<String, Totals> byDatabase) {}

    AdminStats(ProxyContext px, long nowNanos) {
        this.px = px;
        this.startedAt = nowNanos;
    }

    /** Takes the stats_period snapshot as of {@code nowNanos}. */
    void runMaintenance(long nowNanos) {
        older = newer == null ? new Snapshot(startedAt, Map.of()) : newer;
        newer = new Snapshot(nowNanos, current());
    }

    /** Totals per database, sorted by name, the admin database included (all zero) as in PgBouncer. */
    private Map<String, Totals> current() {
        Map<String, Totals> out = new TreeMap<>();
        out.put(ADMIN_DB, Totals.ZERO);
        for (Backend b : px.backends().all()) {
            out.merge(b.key().database(), Totals.ZERO.plus(b.stats()), Totals::plus);
        }
        return out;
    }

    /** Averages per database as of now: over the last full period, or since start before there is one. */
    private Map<String, long[]> averages(Map<String, Totals> now, UnaryOperator<Map<String, Totals>> view) {
        Snapshot o = older;
        Snapshot n = newer;
        Map<String, long[]> out = new TreeMap<>();
        if (n == null) {
            long nanos = System.nanoTime() - startedAt;
            view.apply(now).forEach((db, t) -> out.put(db, t.averageSince(Totals.ZERO, nanos)));
        } else {
            Map<String, Totals> to = view.apply(n.byDatabase());
            Map<String, Totals> from = view.apply(o.byDatabase());
            for (String db : view.apply(now).keySet()) {
                out.put(
                        db,
                        to.getOrDefault(db, Totals.ZERO)
                                .averageSince(from.getOrDefault(db, Totals.ZERO), n.at() - o.at()));
            }
        }
        return out;
    }

    /** All databases as one, under the name {@code ""}. */
    private static Map<String, Totals> summed(Map<String, Totals> byDatabase) {
        Totals sum = Totals.ZERO;
        for (Totals t : byDatabase.values()) {
            sum = sum.plus(t);
        }
        return Map.of("", sum);
    }

    private static final List<String> TOTAL_NAMES = List.of(
            "total_xact_count",
            "total_query_count",
            "total_received",
            "total_sent",
            "total_xact_time",
            "total_query_time",
            "total_wait_time");
    private static final List<String> AVG_NAMES = List.of(
            "avg_xact_count",
            "avg_query_count",
            "avg_recv",
            "avg_sent",
            "avg_xact_time",
            "avg_query_time",
            "avg_wait_time");
    private static final List<String> SPLIT_NAMES = List.of(
            "xact_count", "query_count", "bytes_received", "bytes_sent", "xact_time", "query_time", "wait_time");
    /** SHOW TOTALS names its rows after PgBouncer's struct fields, hence client_bytes and server_bytes. */
    private static final List<String> TOTALS_ROWS = List.of(
            "xact_count", "query_count", "client_bytes", "server_bytes", "xact_time", "query_time", "wait_time");

    /** SHOW STATS ({@code totals} and {@code averages}), STATS_TOTALS or STATS_AVERAGES. */
    AdminShow.Table byDatabase(boolean totals, boolean averages) {
        List<String> names = new ArrayList<>();
        if (totals && averages) {
            names.addAll(TOTAL_NAMES);
            names.addAll(AVG_NAMES);
        } else {
            names.addAll(SPLIT_NAMES);
        }
        List<Column> cols = new ArrayList<>(AdminShow.columns("database"));
        cols.addAll(AdminShow.columns(String.join("#,", names) + "#"));
        Map<String, Totals> now = current();
        Map<String, long[]> avg = averages(now, UnaryOperator.identity());
        List<List<String>> rows = new ArrayList<>();
        now.forEach((db, t) -> {
            List<String> row = new ArrayList<>();
            row.add(db);
            if (totals) {
                addAll(row, t.values());
            }
            if (averages) {
                addAll(row, avg.get(db));
            }
            rows.add(row);
        });
        return new AdminShow.Table(cols, rows);
    }

    /** SHOW TOTALS: SHOW STATS summed over all databases, one row per figure. */
    AdminShow.Table totals() {
        Map<String, Totals> now = current();
        long[] tot = summed(now).get("").values();
        long[] avg = averages(now, AdminStats::summed).get("");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(List.of("total_" + TOTALS_ROWS.get(i), Long.toString(tot[i])));
        }
        for (int i = 0; i < 7; i++) {
            rows.add(List.of("avg_" + TOTALS_ROWS.get(i), Long.toString(avg[i])));
        }
        return new AdminShow.Table(AdminShow.columns("name,value#"), rows);
    }

    private static void addAll(List<String> row, long[] values) {
        for (long v : values) {
            row.add(Long.toString(v));
        }
    }
}
