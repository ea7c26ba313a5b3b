package io.berth.pool.internal;

import io.berth.pool.Lease;

/**
 * A lease: the entry plus the stamp it was lent with. It holds no state of its own, so a caller
 * that borrows and returns in one method usually gets it scalar-replaced (no allocation).
 */
final class BorrowedLease<C> implements Lease<C> {
    private final DefaultPool<C> pool;
    private final Entry<C> entry;
    private final long stamp;
    private boolean invalidated;

    BorrowedLease(DefaultPool<C> pool, Entry<C> entry, long stamp) {
        this.pool = pool;
        this.entry = entry;
        this.stamp = stamp;
    }

    @Override
    public C connection() {
        long state = entry.state();
        if (state != Entry.leased(stamp)) {
            throw new IllegalStateException(
                    state == Entry.removed(stamp)
                            ? "pool '" + pool.name() + "' was drained and closed this lease's connection: drain's"
                                    + " deadline passed before the lease was returned"
                            : "pool '" + pool.name() + "': this lease was already returned");
        }
        return entry.connection;
    }

    @Override
    public void close() {
        if (!invalidated) { // close after invalidate is the try-with-resources idiom, not a second return
            pool.release(entry, stamp, false);
        }
    }

    @Override
    public void invalidate() {
        pool.release(entry, stamp, true);
        invalidated = true;
    }

    Entry<C> entry() {
        return entry;
    }

    long stamp() {
        return stamp;
    }

    @Override
    public String toString() {
        return "Lease[" + entry.connection + "]";
    }
}
