/** Berth's JDBC DataSource on the pool engine. */
module io.berth.jdbc {
    requires transitive io.berth.pool;
    requires transitive java.sql;
    requires java.management;
    requires org.slf4j;
    // Optional: used only when a metricRegistry is configured (see internal.MeterBinding).
    requires static io.berth.micrometer;

    exports io.berth.jdbc;
}
