package io.berth.pool;

/**
 * One borrowing of a pooled connection. A lease is given back exactly once: {@link #close()}
 * returns the connection to the pool, {@link #invalidate()} evicts and closes it. Any further call
 * on a lease that was given back throws {@link IllegalStateException} and leaves the pool as it
 * was, even when the same connection has since been lent to someone else.
 *
 * <p>A lease is not thread-safe in itself: hand it between threads with the usual happens-before
 * (a future, a queue), not by sharing it between concurrent users. In particular two threads must
 * not give back the same lease at the same moment: a return after another has finished is always
 * caught, but two that overlap are a data race the pool does not pay to detect on every return
 * (the JDBC layer guards its {@code Connection.close()} with its own atomic flag for this reason).
 *
 * @param <C> the connection type
 */
public interface Lease<C> extends AutoCloseable {

    /**
     * The borrowed connection; throws {@link IllegalStateException} once the lease was given back,
     * or once {@link Pool#drain} closed the connection because its deadline passed first (the
     * message says which).
     */
    C connection();

    /** Returns the connection to the pool; the connector's reset runs before anyone else gets it. */
    @Override
    void close();

    /**
     * Gives the connection back as broken: the pool closes it and opens another when needed. A
     * {@link #close()} after this (as at the end of a try-with-resources block) does nothing.
     */
    void invalidate();
}
