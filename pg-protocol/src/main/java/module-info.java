/** PostgreSQL v3 wire protocol: messages, Netty codecs, and authentication (SCRAM-SHA-256, md5). */
module io.berth.pg {
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.codec;
    requires io.netty.transport;

    exports io.berth.pg.protocol;
    exports io.berth.pg.auth;
}
