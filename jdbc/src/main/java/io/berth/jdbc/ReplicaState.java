package io.berth.jdbc;

/**
 * One read replica of a {@link BerthDataSource}, as {@link BerthDataSource#replicas()} and the
 * {@code Replicas} attribute of its MXBean show it to operators.
 *
 * @param poolName the replica's pool: the data source's poolName and {@code -replica-<n>}, n from 1
 * @param jdbcUrl the replica's URL, as configured in replicaUrls
 * @param healthy false while the replica is ejected (it failed to open a connection) and borrowers
 *     go to the other replicas, or to the primary when none is healthy
 * @param ejectedForMillis how long the ejection still lasts; 0 when healthy
 * @param ejections ejections in a row since the replica last opened a connection (the next lasts 1
 *     s doubled this many times, at most 60 s)
 * @param leased connections of the replica lent out now
 * @param total connections open to the replica
 * @param lastError the last connection error while it fails, or null
 */
public record ReplicaState(
        String poolName,
        String jdbcUrl,
        boolean healthy,
        long ejectedForMillis,
        int ejections,
        int leased,
        int total,
        String lastError) {}
