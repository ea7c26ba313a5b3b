package io.berth.proxy.internal;

import io.berth.pg.protocol.ErrorResponse;
import io.berth.pg.protocol.RowDescription;
import io.berth.pg.protocol.RowDescription.Column;
import io.berth.proxy.Version;
import io.berth.proxy.config.ConfigSetting;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.ProxyConfig;
import io.berth.proxy.config.UserConfig;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SHOW commands, with PgBouncer 1.18's columns in its order (from its {@code src/admin.c});
 * SHOW CLIENTS and SERVERS are built by {@link AdminConnections}, the STATS family by {@link
 * AdminStats}. Numbers are int8 columns (PgBouncer uses int4, and numeric for stats: psql prints
 * them alike, and JDBC's getInt and getLong read all three), the rest text.
 *
 * <p>The console's own sessions show as PgBouncer's admin pool: database and user {@code
 * pgbouncer}, pool_mode statement.
 */
final class AdminShow {
    static final String ADMIN_DB = "pgbouncer";
    /** PgBouncer's SHOW commands that have no meaning in Berth: answered 0A000, not 42601. */
    static final Set<String> NOT_SUPPORTED = Set.of("FDS", "SOCKETS", "ACTIVE_SOCKETS", "MEM");

    /** A result: columns and rows of text values ({@code null} for SQL NULL). */
    record Table(List<Column> columns, List<List<String>> rows) {}

    private final AdminCommands admin;
    private final ProxyContext px;

    AdminShow(AdminCommands admin) {
        this.admin = admin;
        this.px = admin.px;
    }

    /** The table for {@code SHOW what} (upper case), or {@code null} when there is no such command. */
    Table table(String what, ChannelHandlerContext ctx) {
        return switch (what) {
            case "POOLS" -> pools();
            case "STATS" -> admin.stats.byDatabase(true, true);
            case "STATS_TOTALS" -> admin.stats.byDatabase(true, false);
            case "STATS_AVERAGES" -> admin.stats.byDatabase(false, true);
            case "TOTALS" -> admin.stats.totals();
            case "CLIENTS" -> new AdminConnections(admin).clients();
            case "SERVERS" -> new AdminConnections(admin).servers();
            case "DATABASES" -> databases();
            case "USERS" -> users();
            case "CONFIG" -> config();
            case "LISTS" -> lists();
            case "VERSION" ->
                new Table(
                        columns("version"),
                        List.of(List.of(
                                "Berth " + Version.current() + " (PgBouncer 1.18.0 compatible admin console)")));
            case "DNS_HOSTS" -> new Table(columns("hostname,ttl#,addrs"), List.of()); // Berth keeps no DNS cache
            case "DNS_ZONES" -> new Table(columns("zonename,serial#,count#"), List.of());
            case "HELP" -> help(ctx);
            default -> null;
        };
    }

    /** Columns from {@code "name,count#,..."}: a trailing {@code #} makes an int8 column, else text. */
    static List<Column> columns(String spec) {
        List<Column> out = new ArrayList<>();
        for (String name : spec.split(",")) {
            out.add(
                    name.endsWith("#")
                            ? new Column(name.substring(0, name.length() - 1), RowDescription.INT8)
                            : new Column(name, RowDescription.TEXT));
        }
        return out;
    }

    List<Backend> backends() {
        List<Backend> all = new ArrayList<>(px.backends().all());
        all.sort(Comparator.comparing((Backend b) -> b.key().database())
                .thenComparing(b -> b.key().user()));
        return all;
    }

    private Table pools() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(poolRow(ADMIN_DB, ADMIN_DB, admin.sessions.size(), 0, new int[4], 0, 0, "statement"));
        for (PoolSummary p : PoolSummary.of(px, backends())) {
            Backend b = p.backend();
            rows.add(poolRow(
                    b.key().database(),
                    b.key().user(),
                    p.clientsActive(),
                    p.clientsWaiting(),
                    new int[] {p.serversActive(), p.serversIdle(), p.serversUsed(), p.serversTested()},
                    p.serversLogin(),
                    p.maxWaitMicros(),
                    b.target().poolMode().name().toLowerCase(Locale.ROOT)));
        }
        return new Table(
                columns("database,user,cl_active#,cl_waiting#,cl_active_cancel_req#,cl_waiting_cancel_req#,"
                        + "sv_active#,sv_active_cancel#,sv_being_canceled#,sv_idle#,sv_used#,sv_tested#,sv_login#,"
                        + "maxwait#,maxwait_us#,pool_mode"),
                rows);
    }

    private static List<String> poolRow(
            String db, String user, int clActive, int clWaiting, int[] sv, int login, long waitUs, String mode) {
        return List.of(
                db,
                user,
                n(clActive),
                n(clWaiting),
                "0",
                "0",
                n(sv[0]),
                "0",
                "0",
                n(sv[1]),
                n(sv[2]),
                n(sv[3]),
                n(login),
                n(waitUs / 1_000_000),
                n(waitUs % 1_000_000),
                mode);
    }

    private Table databases() {
        ProxyConfig cfg = admin.config.get();
        Map<String, DatabaseConfig> dbs = new LinkedHashMap<>();
        cfg.databases().values().stream().filter(d -> !d.isFallback()).forEach(d -> dbs.put(d.name(), d));
        for (Backend b : backends()) { // databases the "*" entry made on first use, as PgBouncer's autodb
            cfg.database(b.key().database()).ifPresent(d -> dbs.putIfAbsent(d.name(), d));
        }
        Map<String, Integer> current = new LinkedHashMap<>();
        for (Backend b : px.backends().all()) {
            current.merge(b.key().database(), b.servers().size(), Integer::sum);
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(Arrays.asList(
                ADMIN_DB,
                null,
                n(cfg.listenPort()),
                ADMIN_DB,
                ADMIN_DB,
                "2",
                "0",
                "0",
                "statement",
                "0",
                "0",
                "0",
                "0"));
        for (DatabaseConfig d : dbs.values()) {
            rows.add(Arrays.asList(
                    d.name(),
                    d.host().orElse(null),
                    n(d.port()),
                    d.dbname(),
                    d.user().orElse(null),
                    n(d.poolSize(cfg)),
                    n(d.minPoolSize(cfg)),
                    n(d.reservePoolSize(cfg)),
                    d.poolMode().map(m -> m.name().toLowerCase(Locale.ROOT)).orElse(null),
                    n(d.maxDbConnections(cfg)),
                    n(current.getOrDefault(d.name(), 0)),
                    px.isPaused(d.name()) ? "1" : "0",
                    px.isDisabled(d.name()) ? "1" : "0"));
        }
        return new Table(
                columns("name,host,port#,database,force_user,pool_size#,min_pool_size#,reserve_pool#,pool_mode,"
                        + "max_connections#,current_connections#,paused#,disabled#"),
                rows);
    }

    /** Users of [users] and of the pools in use, as PgBouncer's user list; pool_mode NULL unless overridden. */
    private Table users() {
        ProxyConfig cfg = admin.config.get();
        Set<String> names = new TreeSet<>(cfg.users().keySet());
        names.add(ADMIN_DB);
        px.backends().all().forEach(b -> names.add(b.key().user()));
        List<List<String>> rows = new ArrayList<>();
        for (String name : names) {
            String mode = cfg.user(name)
                    .flatMap(UserConfig::poolMode)
                    .map(m -> m.name().toLowerCase(Locale.ROOT))
                    .orElse(null);
            rows.add(Arrays.asList(name, mode));
        }
        return new Table(columns("name,pool_mode"), rows);
    }

    private Table config() {
        List<List<String>> rows = new ArrayList<>();
        for (ConfigSetting s : admin.config.get().describe()) {
            rows.add(List.of(s.key(), s.value(), s.defaultValue(), s.changeable() ? "yes" : "no"));
        }
        return new Table(columns("key,value,default,changeable"), rows);
    }

    /**
     * PgBouncer's internal lists. Berth has no free lists (it allocates per connection), so free_clients
     * and free_servers are 0; used_servers counts every open server connection; login_clients those
     * connected but not yet logged in.
     */
    private Table lists() {
        ProxyConfig cfg = admin.config.get();
        int sessions = px.clients().sessions().size() + admin.sessions.size();
        int servers = 0;
        Set<String> users = new TreeSet<>(cfg.users().keySet());
        for (Backend b : px.backends().all()) {
            servers += b.servers().size();
            users.add(b.key().user());
        }
        users.add(ADMIN_DB);
        long databases = 1
                + cfg.databases().values().stream().filter(d -> !d.isFallback()).count();
        Map<String, Long> items = new LinkedHashMap<>();
        items.put("databases", databases);
        items.put("users", (long) users.size());
        items.put("pools", 1L + px.backends().all().size());
        items.put("free_clients", 0L);
        items.put("used_clients", (long) sessions);
        items.put("login_clients", (long) Math.max(0, px.clients().connections() - sessions));
        items.put("free_servers", 0L);
        items.put("used_servers", (long) servers);
        for (String dns : List.of("dns_names", "dns_zones", "dns_queries", "dns_pending")) {
            items.put(dns, 0L);
        }
        List<List<String>> rows = new ArrayList<>();
        items.forEach((k, v) -> rows.add(List.of(k, n(v))));
        return new Table(columns("list,items#"), rows);
    }

    /** SHOW HELP: a NOTICE "Console usage" with the commands in its detail, then just CommandComplete. */
    private static Table help(ChannelHandlerContext ctx) {
        Map<Character, String> f = new LinkedHashMap<>();
        f.put('S', "NOTICE");
        f.put('V', "NOTICE");
        f.put('C', "00000");
        f.put('M', "Console usage");
        f.put('D', "\n\t" + String.join("\n\t", AdminSession.USAGE));
        ctx.write(new ErrorResponse(true, f));
        return new Table(List.of(), List.of());
    }

    static String n(long v) {
        return Long.toString(v);
    }
}
