/** Test support for Berth: a fake clock, a manual scheduler, a scriptable connector, compatibility kits, a stub JDBC driver, a TCP relay with switchable faults, and the local PostgreSQL set up for authentication tests. */
module io.berth.testkit {
    requires transitive io.berth.pool;
    requires transitive org.junit.jupiter.api;
    requires transitive java.sql;
    requires org.assertj.core;

    exports io.berth.testkit;
    exports io.berth.testkit.jdbc;
    exports io.berth.testkit.net;
    exports io.berth.testkit.pg;

    provides java.sql.Driver with
            io.berth.testkit.jdbc.StubDriver;
}
