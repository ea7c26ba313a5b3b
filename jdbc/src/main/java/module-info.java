/** Berth's JDBC DataSource on the pool engine. */
module io.berth.jdbc {
    requires transitive io.berth.pool;
    requires transitive java.sql;
    requires java.management;
    requires org.slf4j;

    exports io.berth.jdbc;
}
