package io.berth.proxy.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pool's clients and server connections as PgBouncer's SHOW POOLS counts them, shared by the
 * admin console and the HTTP dashboard. Clients are active (linked to a server, or idle with nothing
 * to run: PgBouncer's cl_active) or waiting for a server connection; servers are active, idle, used
 * or tested as {@link AdminConnections#state} names them; logging in are those the engine is opening.
 */
record PoolSummary(
        Backend backend,
        int clientsActive,
        int clientsWaiting,
        int serversActive,
        int serversIdle,
        int serversUsed,
        int serversTested,
        int serversLogin,
        long maxWaitMicros) {

    /** Open server connections, in any state. */
    int serversTotal() {
        return serversActive + serversIdle + serversUsed + serversTested;
    }

    /** The summaries of {@code backends}, in their order, as of now; one pass over the clients. */
    static List<PoolSummary> of(ProxyContext px, Collection<Backend> backends) {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        Map<Backend, long[]> clients = new IdentityHashMap<>(); // active, waiting, max wait in nanos
        for (ClientSession c : px.clients().sessions()) {
            long[] counts = clients.computeIfAbsent(c.backend(), b -> new long[3]);
            long since = c.waitingSince();
            if (since != 0) {
                counts[1]++;
                counts[2] = Math.max(counts[2], nowNanos - since);
            } else {
                counts[0]++;
            }
        }
        long checkDelay = px.settings().serverCheckDelay().toMillis();
        List<PoolSummary> out = new ArrayList<>(backends.size());
        for (Backend b : backends) {
            int[] servers = new int[4]; // active, idle, used, tested
            for (ServerConnection s : b.servers()) {
                switch (AdminConnections.state(s, nowMillis, checkDelay)) {
                    case "active" -> servers[0]++;
                    case "idle" -> servers[1]++;
                    case "used" -> servers[2]++;
                    default -> servers[3]++;
                }
            }
            long[] cl = clients.getOrDefault(b, new long[3]);
            out.add(new PoolSummary(
                    b,
                    (int) cl[0],
                    (int) cl[1],
                    servers[0],
                    servers[1],
                    servers[2],
                    servers[3],
                    b.poolStats().creating(),
                    cl[2] / 1000));
        }
        return out;
    }
}
