/** The {@code berth} command line. */
module io.berth.cli {
    requires io.berth.pool;
    requires io.berth.proxy;
    requires info.picocli;
    requires jdk.unsupported;
    requires org.slf4j;

    opens io.berth.cli to
            info.picocli;
}
