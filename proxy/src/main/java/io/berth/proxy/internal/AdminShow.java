package io.berth.proxy.internal;

import io.berth.pg.protocol.ErrorResponse;
import io.berth.pg.protocol.RowDescription;
import io.berth.pg.protocol.RowDescription.Column;
import io.berth.pool.PoolStats;
import io.berth.proxy.Version;
import io.berth.proxy.config.ConfigSetting;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.ProxyConfig;
import io.berth.proxy.config.UserConfig;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SHOW commands, with PgBouncer 1.18's columns in its order. Counts are int8 columns, the rest
 * text. STATS averages are per second since the proxy started (PgBouncer's are over the last
 * stats_period).
 */
final class AdminShow {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** A result: columns and rows of text values. */
    record Table(List<Column> columns, List<List<String>> rows) {}

    private final AdminCommands admin;

    AdminShow(AdminCommands admin) {
        this.admin = admin;
    }

    /** The table for {@code SHOW what}, or {@code null} when there is no such command. */
    Table table(String what, ChannelHandlerContext ctx) {
        return switch (what) {
            case "POOLS" -> pools();
            case "STATS" -> stats(true, true);
            case "STATS_TOTALS" -> stats(true, false);
            case "STATS_AVERAGES" -> stats(false, true);
            case "CLIENTS" -> clients();
            case "SERVERS" -> servers();
            case "DATABASES" -> databases();
            case "USERS" -> users();
            case "CONFIG" -> config();
            case "LISTS" -> lists();
            case "VERSION" -> new Table(text("version"), List.of(List.of("Berth " + Version.current())));
            case "HELP" -> help(ctx);
            default -> null;
        };
    }

    private static List<Column> columns(String textColumns, String intColumns, String order) {
        List<Column> out = new ArrayList<>();
        List<String> ints = List.of(intColumns.split(","));
        for (String name : order.split(",")) {
            out.add(new Column(name, ints.contains(name) ? RowDescription.INT8 : RowDescription.TEXT));
        }
        return out;
    }

    private static List<Column> text(String names) {
        return columns(names, "", names);
    }

    private Table pools() {
        List<Column> cols = columns(
                "",
                "cl_active,cl_waiting,cl_active_cancel_req,cl_waiting_cancel_req,sv_active,sv_active_cancel,"
                        + "sv_being_canceled,sv_idle,sv_used,sv_tested,sv_login,maxwait,maxwait_us",
                "database,user,cl_active,cl_waiting,cl_active_cancel_req,cl_waiting_cancel_req,sv_active,"
                        + "sv_active_cancel,sv_being_canceled,sv_idle,sv_used,sv_tested,sv_login,maxwait,maxwait_us,"
                        + "pool_mode");
        List<List<String>> rows = new ArrayList<>();
        long now = System.nanoTime();
        for (Backend b : admin.px.backends().all()) {
            int active = 0;
            int waiting = 0;
            long maxWait = 0;
            for (ClientSession c : admin.px.clients().sessions()) {
                if (c.backend() != b) {
                    continue;
                }
                if (c.server() != null) {
                    active++;
                }
                long since = c.waitingSince();
                if (since != 0) {
                    waiting++;
                    maxWait = Math.max(maxWait, now - since);
                }
            }
            PoolStats s = b.poolStats();
            long waitUs = maxWait / 1000;
            rows.add(List.of(
                    b.key().database(),
                    b.key().user(),
                    n(active),
                    n(waiting),
                    "0",
                    "0",
                    n(s.leased()),
                    "0",
                    "0",
                    n(s.idle()),
                    "0",
                    "0",
                    n(s.creating()),
                    n(waitUs / 1_000_000),
                    n(waitUs % 1_000_000),
                    b.target().poolMode().name().toLowerCase(Locale.ROOT)));
        }
        return new Table(cols, rows);
    }

    private Table stats(boolean totals, boolean averages) {
        Map<String, long[]> byDb = new LinkedHashMap<>();
        for (Backend b : admin.px.backends().all()) {
            long[] t = byDb.computeIfAbsent(b.key().database(), k -> new long[7]);
            PoolStatsCounters c = b.stats();
            t[0] += c.xactCount.sum();
            t[1] += c.queryCount.sum();
            t[2] += c.received.sum();
            t[3] += c.sent.sum();
            t[4] += c.xactTimeMicros.sum();
            t[5] += c.queryTimeMicros.sum();
            t[6] += c.waitTimeMicros.sum();
        }
        double seconds = Math.max(1, (System.currentTimeMillis() - admin.startedAt) / 1000.0);
        String[] names = {"xact_count", "query_count", "received", "sent", "xact_time", "query_time", "wait_time"};
        String[] split = {
            "xact_count", "query_count", "bytes_received", "bytes_sent", "xact_time", "query_time", "wait_time"
        };
        List<String> order = new ArrayList<>(List.of("database"));
        if (totals && averages) {
            for (String n : names) {
                order.add("total_" + n);
            }
            for (String n :
                    new String[] {"xact_count", "query_count", "recv", "sent", "xact_time", "query_time", "wait_time"
                    }) {
                order.add("avg_" + n);
            }
        } else {
            order.addAll(List.of(split));
        }
        List<String> intNames = order.subList(1, order.size());
        List<Column> cols = columns("", String.join(",", intNames), String.join(",", order));
        List<List<String>> rows = new ArrayList<>();
        byDb.forEach((db, t) -> {
            List<String> row = new ArrayList<>(List.of(db));
            if (totals) {
                for (long v : t) {
                    row.add(n(v));
                }
            }
            if (averages) {
                row.add(n(Math.round(t[0] / seconds)));
                row.add(n(Math.round(t[1] / seconds)));
                row.add(n(Math.round(t[2] / seconds)));
                row.add(n(Math.round(t[3] / seconds)));
                row.add(n(t[0] == 0 ? 0 : t[4] / t[0]));
                row.add(n(t[1] == 0 ? 0 : t[5] / t[1]));
                row.add(n(t[0] == 0 ? 0 : t[6] / t[0]));
            }
            rows.add(row);
        });
        return new Table(cols, rows);
    }

    private static final String CONN_COLUMNS = "type,user,database,state,addr,port,local_addr,local_port,"
            + "connect_time,request_time,wait,wait_us,close_needed,ptr,link,remote_pid,tls,application_name";

    private Table clients() {
        List<Column> cols = columns("", "port,local_port,wait,wait_us,close_needed,remote_pid", CONN_COLUMNS);
        List<List<String>> rows = new ArrayList<>();
        long now = System.nanoTime();
        for (ClientSession c : admin.px.clients().sessions()) {
            ServerConnection s = c.server();
            long since = c.waitingSince();
            long waitUs = since == 0 ? 0 : (now - since) / 1000;
            String state = s != null ? "active" : since != 0 ? "waiting" : "idle";
            InetSocketAddress local = (InetSocketAddress) c.info().channel().localAddress();
            rows.add(List.of(
                    "C",
                    c.info().user(),
                    c.info().database(),
                    state,
                    c.info().address(),
                    n(c.info().port()),
                    local == null ? "" : local.getAddress().getHostAddress(),
                    n(local == null ? 0 : local.getPort()),
                    time(c.connectedAt()),
                    time(c.requestAt()),
                    n(waitUs / 1_000_000),
                    n(waitUs % 1_000_000),
                    "0",
                    ptr(c),
                    s == null ? "" : ptr(s),
                    "0",
                    "",
                    c.info().applicationName()));
        }
        return new Table(cols, rows);
    }

    private Table servers() {
        List<Column> cols = columns("", "port,local_port,wait,wait_us,close_needed,remote_pid", CONN_COLUMNS);
        List<List<String>> rows = new ArrayList<>();
        for (Backend b : admin.px.backends().all()) {
            for (ServerConnection s : b.servers()) {
                ClientSession c = s.client();
                InetSocketAddress local = (InetSocketAddress) s.channel().localAddress();
                rows.add(List.of(
                        "S",
                        b.target().user(),
                        b.target().dbname(),
                        c != null ? "active" : "idle",
                        b.target().host(),
                        n(b.target().port()),
                        local == null ? "" : local.getAddress().getHostAddress(),
                        n(local == null ? 0 : local.getPort()),
                        time(s.createdAt()),
                        time(s.lastUsedAt()),
                        "0",
                        "0",
                        "0",
                        ptr(s),
                        c == null ? "" : ptr(c),
                        n(s.backendKey() == null ? 0 : s.backendKey().processId()),
                        "",
                        c == null ? "" : c.info().applicationName()));
            }
        }
        return new Table(cols, rows);
    }

    private Table databases() {
        List<Column> cols = columns(
                "",
                "port,pool_size,min_pool_size,reserve_pool,max_connections,current_connections,paused,disabled",
                "name,host,port,database,force_user,pool_size,min_pool_size,reserve_pool,pool_mode,max_connections,"
                        + "current_connections,paused,disabled");
        ProxyConfig cfg = admin.config.get();
        List<List<String>> rows = new ArrayList<>();
        for (DatabaseConfig d : cfg.databases().values()) {
            int current = 0;
            for (Backend b : admin.px.backends().all()) {
                if (b.key().database().equals(d.name())) {
                    current += b.servers().size();
                }
            }
            rows.add(List.of(
                    d.name(),
                    String.join(",", d.tcpHosts()),
                    n(d.port()),
                    d.dbname(),
                    d.user().orElse(""),
                    n(d.poolSize(cfg)),
                    n(d.minPoolSize(cfg)),
                    n(d.reservePoolSize(cfg)),
                    d.poolMode(cfg).name().toLowerCase(Locale.ROOT),
                    n(d.maxDbConnections(cfg)),
                    n(current),
                    admin.px.isPaused(d.name()) ? "1" : "0",
                    admin.px.isDisabled(d.name()) ? "1" : "0"));
        }
        return new Table(cols, rows);
    }

    private Table users() {
        ProxyConfig cfg = admin.config.get();
        List<List<String>> rows = new ArrayList<>();
        for (UserConfig u : cfg.users().values()) {
            rows.add(List.of(
                    u.name(),
                    u.poolMode().map(m -> m.name().toLowerCase(Locale.ROOT)).orElse("")));
        }
        return new Table(text("name,pool_mode"), rows);
    }

    private Table config() {
        List<List<String>> rows = new ArrayList<>();
        for (ConfigSetting s : admin.config.get().describe()) {
            rows.add(List.of(s.key(), s.value(), s.defaultValue(), s.changeable() ? "yes" : "no"));
        }
        return new Table(text("key,value,default,changeable"), rows);
    }

    private Table lists() {
        ProxyConfig cfg = admin.config.get();
        int clients = admin.px.clients().sessions().size();
        int used = 0;
        int free = 0;
        for (Backend b : admin.px.backends().all()) {
            PoolStats s = b.poolStats();
            used += s.leased();
            free += s.idle();
        }
        int logins = Math.max(0, admin.px.clients().connections() - clients);
        List<List<String>> rows = new ArrayList<>();
        Object[][] items = {
            {"databases", cfg.databases().size()},
            {"users", cfg.users().size()},
            {"pools", admin.px.backends().all().size()},
            {"free_clients", 0},
            {"used_clients", clients},
            {"login_clients", logins},
            {"free_servers", free},
            {"used_servers", used},
            {"dns_names", 0},
            {"dns_zones", 0},
            {"dns_queries", 0},
            {"dns_pending", 0}
        };
        for (Object[] i : items) {
            rows.add(List.of((String) i[0], String.valueOf(i[1])));
        }
        return new Table(columns("", "items", "list,items"), rows);
    }

    private Table help(ChannelHandlerContext ctx) {
        ctx.write(ErrorResponse.notice(
                "NOTICE",
                "Console usage: SHOW HELP|CONFIG|DATABASES|POOLS|CLIENTS|SERVERS|USERS|VERSION|LISTS; "
                        + "SHOW STATS|STATS_TOTALS|STATS_AVERAGES; RELOAD; PAUSE [<db>]; RESUME [<db>]; DISABLE <db>; "
                        + "ENABLE <db>; RECONNECT [<db>]; KILL <db>; SUSPEND; SHUTDOWN; WAIT_CLOSE [<db>]"));
        return new Table(List.of(), List.of());
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    private static String ptr(Object o) {
        return "0x" + Integer.toHexString(System.identityHashCode(o));
    }
}
