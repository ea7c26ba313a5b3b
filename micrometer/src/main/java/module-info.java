/** Micrometer meters for Berth pools, named after OpenTelemetry's database client conventions. */
module io.berth.micrometer {
    requires transitive io.berth.pool;
    requires transitive micrometer.core;

    exports io.berth.micrometer;
}
