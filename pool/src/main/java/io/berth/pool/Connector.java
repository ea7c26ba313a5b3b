package io.berth.pool;

import java.time.Duration;

/**
 * Makes, checks, resets and closes the connections a {@link Pool} holds.
 *
 * <p>The pool calls {@link #create()}, {@link #validate} and {@link #close} from its own background
 * threads (the create executor) or from the thread that borrows or returns a connection; an
 * implementation must be safe to call from several threads at once, though never concurrently for
 * the same connection.
 *
 * @param <C> the connection type
 */
public interface Connector<C> {

    /** Opens a new connection. Blocking is fine: the pool calls this off its callers' threads. */
    C create() throws Exception;

    /**
     * Tells whether an idle connection still works, answering within {@code timeout}. Returning
     * false or throwing evicts the connection. The default trusts every connection.
     */
    default boolean validate(C connection, Duration timeout) throws Exception {
        return true;
    }

    /**
     * Restores a returned connection to the state a new borrower expects (roll back, reset session
     * settings). Throwing evicts the connection. The default does nothing.
     */
    default void reset(C connection) throws Exception {}

    /** Closes a connection the pool no longer wants. Exceptions are logged and otherwise ignored. */
    void close(C connection) throws Exception;
}
