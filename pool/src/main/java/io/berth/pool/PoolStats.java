package io.berth.pool;

/**
 * A snapshot of a pool's counts, cheap enough to take on every scrape.
 *
 * @param total connections open (idle, leased, or being checked)
 * @param idle connections ready to lend
 * @param leased connections lent out
 * @param pending callers waiting for a connection
 * @param creating connections being opened right now
 * @param maxSize the hard cap
 * @param minIdle the warm minimum
 */
public record PoolStats(int total, int idle, int leased, int pending, int creating, int maxSize, int minIdle) {}
