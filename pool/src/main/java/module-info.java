/** Berth's pool engine: {@link io.berth.pool.Pool}, {@link io.berth.pool.KeyedPool} and their SPI. */
module io.berth.pool {
    requires transitive io.berth.resilience;
    requires org.slf4j;

    exports io.berth.pool;
}
