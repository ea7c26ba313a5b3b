package io.berth.proxy.internal;

import io.berth.pg.protocol.RowDescription;
import io.berth.pool.Pool;
import io.berth.proxy.internal.AdminShow.Table;
import io.berth.proxy.internal.DashboardHistory.Sample;
import io.berth.resilience.CircuitBreaker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The JSON documents of the HTTP admin API ({@code /api/...}; see docs/dashboard.md). Rows come from
 * where the admin console gets them: {@link PoolSummary} for pools, {@link AdminConnections} for
 * clients and servers, {@link AdminStats} for stats, with the console's column names; int8 columns are
 * JSON numbers, text columns strings. Nothing here reads a password: targets are shown by host, port,
 * database and user only.
 */
final class DashboardApi {
    private final AdminCommands admin;
    private final ProxyContext px;
    private final DashboardHistory history;

    DashboardApi(AdminCommands admin, DashboardHistory history) {
        this.admin = admin;
        this.px = admin.px;
        this.history = history;
    }

    /** Which clients {@code /api/clients} lists: by state, longest wait first or in connect order, how many. */
    record ClientQuery(String state, boolean byWait, int limit) {
        static final ClientQuery ALL = new ClientQuery(null, false, Integer.MAX_VALUE);
    }

    String pools() {
        JsonWriter w = new JsonWriter().beginObject().field("at", System.currentTimeMillis());
        w.name("pools").beginArray();
        for (PoolSummary p : PoolSummary.of(px, new AdminShow(admin).backends())) {
            Backend b = p.backend();
            Target t = b.target();
            w.beginObject()
                    .field("database", b.key().database())
                    .field("user", b.key().user())
                    .field("pool_mode", t.poolMode().name().toLowerCase(Locale.ROOT))
                    .field("cl_active", p.clientsActive())
                    .field("cl_waiting", p.clientsWaiting())
                    .field("sv_active", p.serversActive())
                    .field("sv_idle", p.serversIdle())
                    .field("sv_used", p.serversUsed())
                    .field("sv_tested", p.serversTested())
                    .field("sv_login", p.serversLogin())
                    .field("sv_total", p.serversTotal())
                    .field("pool_size", b.poolStats().maxSize())
                    .field("maxwait", p.maxWaitMicros() / 1_000_000)
                    .field("maxwait_us", p.maxWaitMicros() % 1_000_000)
                    .field("paused", px.isPaused(b.key().database()))
                    .field("disabled", px.isDisabled(b.key().database()));
            w.name("target")
                    .beginObject()
                    .field("host", t.host())
                    .field("port", t.port())
                    .field("database", t.dbname())
                    .field("user", t.user() != null ? t.user() : b.key().user())
                    .field(
                            "target_session_attrs",
                            t.role().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .endObject();
            hosts(w, t);
            CircuitBreaker.State worst = CircuitBreaker.State.CLOSED;
            w.name("breakers").beginArray();
            for (int i = 0; i < b.pools().size(); i++) {
                Pool<ServerConnection> pool = b.pools().get(i);
                CircuitBreaker.State state = pool.breakerState();
                if (severity(state) > severity(worst)) {
                    worst = state;
                }
                w.beginObject().field("loop", i).field("state", breaker(state)).endObject();
            }
            w.endArray().field("breaker", breaker(worst)).endObject();
        }
        return w.endArray().endObject().toString();
    }

    /**
     * Each host of the pool's database entry as the proxy sees it now: up or ejected (and for how
     * much longer), its role as last checked, server connections open on it, and the last error.
     */
    private void hosts(JsonWriter w, Target t) {
        long now = System.nanoTime();
        w.name("hosts").beginArray();
        for (Hosts.Host h : px.hosts().of(t)) {
            boolean ejected = h.ejected(now);
            w.beginObject()
                    .field("host", h.name)
                    .field("port", h.port)
                    .field("state", ejected ? "ejected" : "up")
                    .field("ejected_for_ms", ejected ? (h.ejectedUntil - now) / 1_000_000 : 0)
                    .field("role", h.role.name().toLowerCase(Locale.ROOT))
                    .field("open", h.open.get())
                    .field("failures", h.failures.get());
            if (h.lastError != null) {
                w.field("last_error", h.lastError);
            }
            w.endObject();
        }
        w.endArray();
    }

    /** closed, half_open or open. */
    private static String breaker(CircuitBreaker.State s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** Open is worse than half open (probing), which is worse than closed. */
    private static int severity(CircuitBreaker.State s) {
        return switch (s) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    String clients(ClientQuery q) {
        Table t = new AdminConnections(admin).clients();
        int state = column(t, "state");
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : t.rows()) {
            if (q.state() == null || q.state().equals(row.get(state))) {
                rows.add(row);
            }
        }
        if (q.byWait()) {
            int s = column(t, "wait");
            int us = column(t, "wait_us");
            rows.sort(Comparator.comparingLong(
                            (List<String> r) -> Long.parseLong(r.get(s)) * 1_000_000 + Long.parseLong(r.get(us)))
                    .reversed());
        }
        int total = rows.size();
        List<List<String>> shown = rows.subList(0, Math.min(rows.size(), q.limit()));
        JsonWriter w = new JsonWriter().beginObject().field("at", System.currentTimeMillis());
        w.field("total", total).name("clients");
        return rowsOf(w, new Table(t.columns(), shown)).endObject().toString();
    }

    String servers() {
        JsonWriter w = new JsonWriter().beginObject().field("at", System.currentTimeMillis());
        w.name("servers");
        return rowsOf(w, new AdminConnections(admin).servers()).endObject().toString();
    }

    String stats() {
        JsonWriter w = new JsonWriter().beginObject().field("at", System.currentTimeMillis());
        w.field("stats_period_seconds", admin.config.get().statsPeriod().toSeconds());
        w.name("databases");
        return rowsOf(w, admin.stats.byDatabase(true, true)).endObject().toString();
    }

    String history(long afterMillis) {
        JsonWriter w = new JsonWriter().beginObject().field("at", System.currentTimeMillis());
        w.field("interval_ms", 1000).field("capacity", history.capacity());
        w.name("samples").beginArray();
        for (Sample s : history.since(afterMillis)) {
            w.beginObject()
                    .field("at", s.at())
                    .field("clients_active", s.clientsActive())
                    .field("clients_waiting", s.clientsWaiting())
                    .field("servers_active", s.serversActive())
                    .field("servers_idle", s.serversIdle())
                    .field("servers_used", s.serversUsed())
                    .field("servers_tested", s.serversTested())
                    .field("tps", round(s.tps()))
                    .field("qps", round(s.qps()))
                    .field("waits", s.waits())
                    .field("wait_avg_us", s.waitAvgMicros())
                    .field("wait_p99_us", s.waitP99Micros())
                    .field("wait_max_us", s.waitMaxMicros())
                    .endObject();
        }
        return w.endArray().endObject().toString();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** A console table as an array of objects, int8 columns as numbers. */
    private static JsonWriter rowsOf(JsonWriter w, Table t) {
        w.beginArray();
        for (List<String> row : t.rows()) {
            w.beginObject();
            for (int i = 0; i < t.columns().size(); i++) {
                RowDescription.Column c = t.columns().get(i);
                String v = row.get(i);
                w.name(c.name());
                if (v == null) {
                    w.nullValue();
                } else if (c.typeOid() == RowDescription.INT8) {
                    w.value(Long.parseLong(v));
                } else {
                    w.value(v);
                }
            }
            w.endObject();
        }
        return w.endArray();
    }

    private static int column(Table t, String name) {
        for (int i = 0; i < t.columns().size(); i++) {
            if (t.columns().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + name);
    }
}
