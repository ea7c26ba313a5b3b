package io.berth.proxy.internal;

import static io.berth.proxy.internal.AdminShow.ADMIN_DB;
import static io.berth.proxy.internal.AdminShow.columns;
import static io.berth.proxy.internal.AdminShow.n;

import io.berth.proxy.internal.AdminShow.Table;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SHOW CLIENTS and SHOW SERVERS, with PgBouncer 1.18's columns. Client states are PgBouncer's
 * active (holding a server connection, or idle with nothing to run) and waiting (for a server
 * connection); server states active, idle, used and tested (see {@link #state}). The console's own
 * sessions are clients of the database {@code pgbouncer}. Times are UTC text as PgBouncer prints
 * them; ptr and link are ids unique per connection; remote_pid of a server is its backend pid; tls is
 * empty (Berth's client and server connections are plain TCP or Unix sockets).
 */
final class AdminConnections {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final String CONNECTION_COLUMNS = "type,user,database,state,addr,port#,local_addr,local_port#,"
            + "connect_time,request_time,wait#,wait_us#,close_needed#,ptr,link,remote_pid#,tls,application_name";

    private final AdminCommands admin;
    private final ProxyContext px;

    AdminConnections(AdminCommands admin) {
        this.admin = admin;
        this.px = admin.px;
    }

    /**
     * A server connection's state as PgBouncer names it: active (a client holds it), tested (Berth is
     * checking it), used (idle longer than server_check_delay: it is checked before its next use), idle.
     */
    static String state(ServerConnection s, long nowMillis, long checkDelayMillis) {
        ServerOwner owner = s.owner;
        if (owner instanceof ClientSession) {
            return "active";
        }
        if (owner != null) {
            return "tested";
        }
        return checkDelayMillis > 0 && nowMillis - s.lastUsedAt >= checkDelayMillis ? "used" : "idle";
    }

    Table clients() {
        List<List<String>> rows = new ArrayList<>();
        for (AdminSession a : admin.sessions) {
            ClientInfo i = a.client();
            rows.add(connectionRow(
                    "C",
                    i.user(),
                    ADMIN_DB,
                    "active",
                    i.channel().remoteAddress(),
                    i.channel().localAddress(),
                    a.connectedAt(),
                    a.requestAt(),
                    0,
                    false,
                    ptr(a),
                    "",
                    0,
                    i.applicationName()));
        }
        long now = System.nanoTime();
        List<ClientSession> sessions = new ArrayList<>(px.clients().sessions());
        sessions.sort(Comparator.comparingLong(ClientSession::connectedAt));
        for (ClientSession c : sessions) {
            ServerConnection s = c.server();
            long since = c.waitingSince();
            ClientInfo i = c.info();
            rows.add(connectionRow(
                    "C",
                    i.user(),
                    i.database(),
                    since != 0 ? "waiting" : "active",
                    i.channel().remoteAddress(),
                    i.channel().localAddress(),
                    c.connectedAt(),
                    c.requestAt(),
                    since == 0 ? 0 : Math.max(0, now - since) / 1000, // it may have started after now
                    false,
                    ptr(c),
                    s == null ? "" : ptr(s),
                    0,
                    i.applicationName()));
        }
        return new Table(columns(CONNECTION_COLUMNS), rows);
    }

    Table servers() {
        List<List<String>> rows = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Backend b : new AdminShow(admin).backends()) {
            List<ServerConnection> servers = new ArrayList<>(b.servers());
            servers.sort(Comparator.comparingLong(ServerConnection::id));
            for (ServerConnection s : servers) {
                ClientSession c = s.client();
                SocketAddress remote = s.channel().remoteAddress();
                rows.add(connectionRow(
                        "S",
                        b.target().user() != null ? b.target().user() : b.key().user(),
                        b.key().database(),
                        state(s, now, px.settings().serverCheckDelay().toMillis()),
                        remote != null
                                ? remote
                                : InetSocketAddress.createUnresolved(
                                        b.target().host(), b.target().port()),
                        s.channel().localAddress(),
                        s.createdAt(),
                        s.lastUsedAt(),
                        0,
                        admin.closeNeeded.contains(s),
                        ptr(s),
                        c == null ? "" : ptr(c),
                        s.backendKey() == null ? 0 : s.backendKey().processId(),
                        c == null ? "" : c.info().applicationName()));
            }
        }
        return new Table(columns(CONNECTION_COLUMNS), rows);
    }

    private static List<String> connectionRow(
            String type,
            String user,
            String db,
            String state,
            SocketAddress remote,
            SocketAddress local,
            long connectedAt,
            long requestAt,
            long waitUs,
            boolean closeNeeded,
            String ptr,
            String link,
            int pid,
            String applicationName) {
        return List.of(
                type,
                user,
                db,
                state,
                host(remote),
                n(port(remote)),
                host(local),
                n(port(local)),
                time(connectedAt),
                time(requestAt),
                n(waitUs / 1_000_000),
                n(waitUs % 1_000_000),
                closeNeeded ? "1" : "0",
                ptr,
                link,
                n(pid),
                "",
                applicationName);
    }

    private static String host(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
        }
        return a == null ? "" : "unix";
    }

    private static int port(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getPort() : 0;
    }

    private static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** PgBouncer's ptr and link: a unique id per connection (there, the address of its struct). */
    private static String ptr(Object o) {
        if (o instanceof ServerConnection s) {
            return String.format("0x%x", s.id());
        }
        return String.format("0x%x", System.identityHashCode(o));
    }
}
