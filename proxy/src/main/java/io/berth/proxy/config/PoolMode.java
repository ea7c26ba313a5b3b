package io.berth.proxy.config;

/** When a client gives its server connection back, as PgBouncer's {@code pool_mode}. */
public enum PoolMode {
    /** When the client disconnects. */
    SESSION,
    /** When a transaction ends (ReadyForQuery with status idle). */
    TRANSACTION,
    /** After each statement; multi-statement transactions are refused. */
    STATEMENT
}
