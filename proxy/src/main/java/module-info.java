/** Berth's PostgreSQL pooling proxy. */
module io.berth.proxy {
    requires io.berth.pg;
    requires io.berth.pool;
    requires io.berth.micrometer;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.codec;
    requires io.netty.handler;
    requires io.netty.codec.http;
    requires micrometer.registry.prometheus;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    requires io.netty.transport.unix.common;
    requires org.slf4j;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports io.berth.proxy;
    exports io.berth.proxy.config;
}
