package io.berth.benchmarks;

import io.berth.pool.Connector;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import stormpot.Allocator;
import stormpot.BasePoolable;
import stormpot.Expiration;
import stormpot.PoolTap;
import stormpot.Slot;
import stormpot.Timeout;

/**
 * The pools under comparison, each built the same way for every benchmark: a fixed size, filled
 * before the first measurement, with every background check (lifetime, idle, keepalive, validation)
 * switched off, so that the acquire/release cycle is all that is measured.
 *
 * <p>The connection is a trivial object with an id; opening and closing it costs nothing.
 */
final class Pools {
    /** The timeout of every acquire; long enough never to expire in a healthy run. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final Timeout STORMPOT_TIMEOUT = new Timeout(TIMEOUT);

    private static final AtomicInteger IDS = new AtomicInteger();

    private Pools() {}

    /** The trivial connection pooled by Berth and commons-pool2. */
    static final class Conn {
        final int id = IDS.incrementAndGet();
    }

    /** The trivial connection pooled by Stormpot, which must implement its {@code Poolable}. */
    static final class StormpotConn extends BasePoolable {
        final int id = IDS.incrementAndGet();

        StormpotConn(Slot slot) {
            super(slot);
        }
    }

    /** A Berth pool of {@code size} connections, all open and idle when this returns. */
    static Pool<Conn> berth(int size) {
        PoolConfig config = PoolConfig.custom()
                .name("bench")
                .maxSize(size)
                .minIdle(size)
                .createExecutor(Runnable::run)
                .acquireTimeout(TIMEOUT)
                .validateIdleAfter(Duration.ZERO)
                .keepaliveTime(Duration.ZERO)
                .idleTimeout(Duration.ZERO)
                .maxLifetime(Duration.ZERO)
                .build();
        Pool<Conn> pool = Pool.create(config, new Connector<>() {
            @Override
            public Conn create() {
                return new Conn();
            }

            @Override
            public void close(Conn connection) {}
        });
        awaitFilled("berth", size, () -> pool.stats().idle());
        return pool;
    }

    /** A commons-pool2 pool of {@code size} objects, prefilled; no evictor, no JMX. */
    static GenericObjectPool<Conn> commons(int size) {
        GenericObjectPoolConfig<Conn> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        config.setMinIdle(size);
        config.setMaxWait(TIMEOUT);
        config.setJmxEnabled(false);
        GenericObjectPool<Conn> pool = new GenericObjectPool<>(
                new BasePooledObjectFactory<>() {
                    @Override
                    public Conn create() {
                        return new Conn();
                    }

                    @Override
                    public PooledObject<Conn> wrap(Conn conn) {
                        return new DefaultPooledObject<>(conn);
                    }
                },
                config);
        try {
            pool.preparePool();
        } catch (Exception e) {
            throw new IllegalStateException("commons-pool2: prefill failed", e);
        }
        awaitFilled("commons-pool2", size, pool::getNumIdle);
        return pool;
    }

    /**
     * A Stormpot pool of {@code size} objects that never expire (like the Berth pool, which has no
     * lifetime), filled by Stormpot's allocation thread before this returns.
     */
    static stormpot.Pool<StormpotConn> stormpot(int size) {
        stormpot.Pool<StormpotConn> pool = stormpot.Pool.from(new Allocator<StormpotConn>() {
                    @Override
                    public StormpotConn allocate(Slot slot) {
                        return new StormpotConn(slot);
                    }

                    @Override
                    public void deallocate(StormpotConn poolable) {}
                })
                .setSize(size)
                .setExpiration(Expiration.never())
                .build();
        awaitFilled("stormpot", size, () -> (int) pool.getManagedPool().getAllocationCount());
        return pool;
    }

    static void closeStormpot(stormpot.Pool<StormpotConn> pool) throws InterruptedException {
        if (!pool.shutdown().await(new Timeout(Duration.ofSeconds(10)))) {
            throw new IllegalStateException("stormpot: shutdown did not complete in 10 s");
        }
    }

    // ---- one acquire + release, as a VirtualBatch cycle -----------------------------------------

    static VirtualBatch.Cycle berthCycle(Pool<Conn> pool) {
        return () -> {
            try (Lease<Conn> lease = pool.acquire(TIMEOUT)) {
                return lease.connection().id;
            }
        };
    }

    static VirtualBatch.Cycle commonsCycle(GenericObjectPool<Conn> pool) {
        return () -> {
            Conn c = pool.borrowObject(TIMEOUT);
            int id = c.id;
            pool.returnObject(c);
            return id;
        };
    }

    /** Stormpot through {@code tap}: the pool itself (thread-local cache) or one of its taps. */
    static VirtualBatch.Cycle stormpotCycle(PoolTap<StormpotConn> tap) {
        return () -> {
            StormpotConn c = tap.claim(STORMPOT_TIMEOUT);
            if (c == null) {
                throw new IllegalStateException("stormpot: claim timed out after " + TIMEOUT);
            }
            int id = c.id;
            c.release();
            return id;
        };
    }

    private static void awaitFilled(String name, int size, java.util.function.IntSupplier ready) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ready.getAsInt() < size) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(
                        name + ": only " + ready.getAsInt() + " of " + size + " connections open after 10 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
