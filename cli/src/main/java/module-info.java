/** The {@code berth} command line. */
module io.berth.cli {
    requires io.berth.pool;
    requires org.slf4j;
}
