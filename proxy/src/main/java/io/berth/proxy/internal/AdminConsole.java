package io.berth.proxy.internal;

import io.netty.channel.ChannelHandlerContext;

/** The virtual database {@code pgbouncer} (alias {@code berth}): takes over a logged-in client's channel. */
public interface AdminConsole {
    void open(ChannelHandlerContext ctx, ClientInfo client);
}
