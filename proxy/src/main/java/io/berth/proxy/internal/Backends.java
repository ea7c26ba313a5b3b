package io.berth.proxy.internal;

import io.berth.pool.KeyedPool;
import io.berth.pool.KeyedPoolConfig;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreakerConfig;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every pool of server connections: one engine {@link KeyedPool} keyed by (database, user, event
 * loop), with a {@link Backend} per (database, user) holding what the proxy adds (target, greeting,
 * counters) and its per-loop pools.
 *
 * <p>Settings map onto the engine: pool_size is split across the loops' pools (their maxSize add up
 * to it; with fewer connections than loops, some loops share), min_pool_size likewise;
 * query_wait_timeout is the acquire timeout; server_lifetime and server_idle_timeout are lifetime and
 * idle timeout; server_check_delay is the idle time after which a connection is checked with
 * server_check_query before use; a failed login opens the breaker for server_login_retry, during
 * which clients are refused at once with the login's error (as PgBouncer does).
 */
public final class Backends implements AutoCloseable {
    /** The engine's largest size; pool sizes and connection limits are enforced per key. */
    private static final int MAX_TOTAL = 100_000;

    /** One per-loop pool's key. */
    /** One loop's pool of a backend; {@code generation} tells apart a backend's successors after a RELOAD. */
    record LoopKey(PoolKey key, int loop, int size, int minIdle, int generation, Duration lifetime) {
        @Override
        public String toString() {
            return key + "#" + loop + (generation == 0 ? "" : "." + generation);
        }
    }

    private final ProxyContext px;
    private final KeyedPool<LoopKey, ServerConnection> keyed;
    private final ConcurrentHashMap<PoolKey, Backend> backends = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger generation =
            new java.util.concurrent.atomic.AtomicInteger();
    private final ConcurrentHashMap<LoopKey, ServerConnector> connectors = new ConcurrentHashMap<>();
    private final List<EventLoop> loops = new ArrayList<>();
    private final Map<EventLoop, Integer> loopIndex = new IdentityHashMap<>();

    Backends(ProxyContext px) {
        this.px = px;
        for (EventExecutor e : px.workers()) {
            loopIndex.put((EventLoop) e, loops.size());
            loops.add((EventLoop) e);
        }
        KeyedPoolConfig<LoopKey> config = KeyedPoolConfig.<LoopKey>custom()
                .name("berth")
                .maxTotal(MAX_TOTAL)
                .perKey(this::poolConfig)
                .build();
        this.keyed = KeyedPool.create(config, connectors::get);
    }

    /** The backend for a key, created on first use; {@code target} comes from the configuration. */
    Backend get(PoolKey key, Target target) {
        Backend b = backends.get(key);
        if (b != null) {
            return b;
        }
        return backends.computeIfAbsent(key, k -> create(k, target));
    }

    private Backend create(PoolKey key, Target target) {
        int count = Math.min(loops.size(), target.poolSize());
        Set<ServerConnection> live = ConcurrentHashMap.newKeySet();
        List<Pool<ServerConnection>> pools = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int size = share(target.poolSize(), count, i);
            int min = share(Math.min(target.minPoolSize(), target.poolSize()), count, i);
            LoopKey lk = new LoopKey(
                    key,
                    i,
                    size,
                    min,
                    generation.get(),
                    target.limits(px.settings()).serverLifetime());
            ProxySettings s = px.settings();
            connectors.put(
                    lk,
                    new ServerConnector(
                            key,
                            target,
                            px.auth(),
                            loops.get(i),
                            px.blocking(),
                            s.serverConnectTimeout(),
                            s.serverCheckQuery(),
                            live,
                            px.hosts().of(target),
                            s.serverCheckDelay(),
                            px.tracing(),
                            px.lifecycle()));
            Pool<ServerConnection> pool = keyed.pool(lk);
            pool.addListener(px.lifecycle().poolEvents());
            pools.add(pool);
        }
        Backend backend = new Backend(key, target, pools, loopIndex, live);
        if (px.isPaused(key.database())) {
            backend.pause();
        }
        px.metrics().bind(backend);
        return backend;
    }

    /**
     * RELOAD: each pool takes its database entry's new sizes and pool mode in place; a pool whose
     * entry is gone, or now connects elsewhere or otherwise (host, port, dbname, user, password,
     * TLS, hosts, target_session_attrs) is retired: its idle connections close now, the others when
     * their clients return them, and the next client gets a new pool. No client is dropped.
     */
    void reload(java.util.function.BiFunction<String, String, Target> targets) {
        for (Map.Entry<PoolKey, Backend> e : backends.entrySet()) {
            PoolKey key = e.getKey();
            Backend b = e.getValue();
            Target next = targets.apply(key.database(), key.user());
            if (next != null
                    && sameConnection(b.target, next)
                    && b.pools().size() == Math.min(loops.size(), next.poolSize())) {
                int count = b.pools().size();
                for (int i = 0; i < count; i++) {
                    b.pools()
                            .get(i)
                            .resize(
                                    share(Math.min(next.minPoolSize(), next.poolSize()), count, i),
                                    Math.max(1, share(next.poolSize(), count, i)));
                }
                b.target = next;
            } else if (backends.remove(key, b)) {
                generation.incrementAndGet();
                b.retired = true;
                b.pools().forEach(Pool::evictAll);
                px.metrics().unbind(b);
            }
        }
    }

    private boolean sameConnection(Target a, Target b) {
        return a.endpoints().equals(b.endpoints())
                && a.dbname().equals(b.dbname())
                && java.util.Objects.equals(a.user(), b.user())
                && java.util.Objects.equals(a.password(), b.password())
                && java.util.Objects.equals(a.connectQuery(), b.connectQuery())
                && a.serverTls().mode() == b.serverTls().mode()
                && a.role() == b.role()
                && a.loadBalance() == b.loadBalance()
                && lifetime(a).equals(lifetime(b));
    }

    private Duration lifetime(Target t) {
        return t.limits(px.settings()).serverLifetime();
    }

    /** Part {@code i} of {@code total} split into {@code parts} nearly equal parts. */
    private static int share(int total, int parts, int i) {
        return total / parts + (i < total % parts ? 1 : 0);
    }

    public Collection<Backend> all() {
        return backends.values();
    }

    public int totalServerConnections() {
        return keyed.totalConnections();
    }

    private PoolConfig poolConfig(LoopKey key) {
        ProxySettings s = px.settings();
        Duration checkDelay = s.serverCheckDelay().isZero() ? Duration.ofMillis(1) : s.serverCheckDelay();
        return PoolConfig.custom()
                .name(key.toString())
                .maxSize(Math.max(1, key.size()))
                .minIdle(key.minIdle())
                .acquireTimeout(s.queryWaitTimeout().isZero() ? Duration.ofDays(365) : s.queryWaitTimeout())
                .maxLifetime(key.lifetime())
                .idleTimeout(s.serverIdleTimeout())
                .keepaliveTime(Duration.ZERO)
                .validateIdleAfter(checkDelay)
                .validationTimeout(s.serverConnectTimeout())
                .createExecutor(px.blocking())
                .scheduler(new LoopScheduler(loops.get(key.loop())))
                .breaker(CircuitBreakerConfig.custom()
                        .consecutiveFailureThreshold(1)
                        .openBackoff(Backoff.fixed(
                                s.serverLoginRetry().isZero() ? Duration.ofMillis(100) : s.serverLoginRetry()))
                        .build())
                .build();
    }

    @Override
    public void close() {
        keyed.close();
    }
}
