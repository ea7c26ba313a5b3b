/** Test support for Berth: a fake clock, a manual scheduler, a scriptable connector, compatibility kits, a stub JDBC driver. */
module io.berth.testkit {
    requires transitive io.berth.pool;
    requires transitive org.junit.jupiter.api;
    requires transitive java.sql;
    requires org.assertj.core;

    exports io.berth.testkit;
    exports io.berth.testkit.jdbc;

    provides java.sql.Driver with
            io.berth.testkit.jdbc.StubDriver;
}
