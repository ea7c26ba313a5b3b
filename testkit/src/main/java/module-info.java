/** Test support for Berth: a fake clock, a manual scheduler, a scriptable connector, compatibility kits. */
module io.berth.testkit {
    requires transitive io.berth.pool;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports io.berth.testkit;
}
