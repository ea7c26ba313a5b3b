package io.berth.proxy.internal;

import io.netty.channel.EventLoop;
import java.util.List;

/**
 * Whoever holds a server connection right now: a client session, or a probe that runs
 * server_check_query. The server's handler delivers on {@link #loop()}.
 */
interface ServerOwner {
    EventLoop loop();

    /** What the server sent in one read, in order; the owner releases every message. */
    void serverBatch(ServerConnection conn, List<Object> batch);

    /** The server connection closed or failed while held. */
    void serverClosed(ServerConnection conn, Throwable cause);
}
