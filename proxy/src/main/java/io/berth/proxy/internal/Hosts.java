package io.berth.proxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the proxy knows of each PostgreSQL host it connects to, shared by every pool that uses the
 * host: server connections open on it (for power-of-two-choices), its role (primary or standby,
 * from {@code pg_is_in_recovery()}), and whether it is ejected after failing to connect, with an
 * ejection that grows exponentially (1 s doubling to 60 s, with jitter) and never takes out more
 * than half of a database's hosts.
 */
final class Hosts {
    static final long EJECT_BASE_NANOS = 1_000_000_000L;
    static final long EJECT_MAX_NANOS = 60_000_000_000L;

    /** What a host is, as last checked. */
    enum Role {
        UNKNOWN,
        PRIMARY,
        STANDBY
    }

    /** One host:port. */
    static final class Host {
        final String name;
        final int port;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        volatile long ejectedUntil;
        volatile Role role = Role.UNKNOWN;
        volatile long roleCheckedAt;
        volatile String lastError;

        Host(String name, int port) {
            this.name = name;
            this.port = port;
        }

        boolean ejected(long now) {
            return ejectedUntil != 0 && now - ejectedUntil < 0;
        }

        @Override
        public String toString() {
            return name + ":" + port;
        }
    }

    private final Map<String, Host> byAddress = new ConcurrentHashMap<>();

    /** The hosts of a target, in its order. */
    List<Host> of(Target target) {
        List<Host> out = new ArrayList<>();
        for (Target.Endpoint e : target.endpoints()) {
            out.add(byAddress.computeIfAbsent(e.host() + ":" + e.port(), k -> new Host(e.host(), e.port())));
        }
        return out;
    }

    Iterable<Host> all() {
        return byAddress.values();
    }

    /**
     * A host to connect to: among those not ejected and not known to have the wrong role, the one
     * with fewer open connections of two picked at random (or the first, without balancing). When
     * every one is ejected, the one whose ejection ends first. Null when none can have the role.
     */
    static Host pick(
            List<Host> hosts, Target.Role want, boolean balance, List<Host> tried, long now, long roleTtlNanos) {
        List<Host> fit = new ArrayList<>(hosts.size());
        Host soonest = null;
        for (Host h : hosts) {
            if (tried.contains(h) || !suits(roleNow(h, now, roleTtlNanos), want)) {
                continue;
            }
            if (!h.ejected(now)) {
                fit.add(h);
            } else if (soonest == null || h.ejectedUntil - soonest.ejectedUntil < 0) {
                soonest = h;
            }
        }
        if (fit.isEmpty()) {
            return soonest;
        }
        if (!balance || fit.size() == 1) {
            return fit.get(0);
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int i = r.nextInt(fit.size());
        int j = r.nextInt(fit.size() - 1);
        if (j >= i) {
            j++;
        }
        Host a = fit.get(i);
        Host b = fit.get(j);
        return b.open.get() < a.open.get() ? b : a;
    }

    /** The host's role, or UNKNOWN once its last check is older than the ttl (it may have been promoted). */
    static Role roleNow(Host h, long now, long ttlNanos) {
        return h.role != Role.UNKNOWN && now - h.roleCheckedAt > ttlNanos ? Role.UNKNOWN : h.role;
    }

    static boolean suits(Role role, Target.Role want) {
        return switch (want) {
            case ANY, PREFER_STANDBY -> true;
            case READ_WRITE -> role != Role.STANDBY;
            case READ_ONLY -> role != Role.PRIMARY;
        };
    }

    /** A connect or login to {@code h} failed: eject it, unless that would eject more than half of {@code hosts}. */
    static void failed(Host h, List<Host> hosts, String error, long now) {
        h.lastError = error;
        h.role = Role.UNKNOWN;
        int f = h.failures.incrementAndGet();
        int ejected = 0;
        for (Host o : hosts) {
            if (o != h && o.ejected(now)) {
                ejected++;
            }
        }
        if (hosts.size() < 2 || (ejected + 1) * 2 > hosts.size()) {
            return;
        }
        long backoff = Math.min(EJECT_MAX_NANOS, EJECT_BASE_NANOS << Math.min(f - 1, 6));
        long jitter = ThreadLocalRandom.current().nextLong(backoff / 5 + 1);
        h.ejectedUntil = now + backoff - backoff / 10 + jitter;
    }

    static void succeeded(Host h) {
        h.failures.set(0);
        h.ejectedUntil = 0;
        h.lastError = null;
    }
}
