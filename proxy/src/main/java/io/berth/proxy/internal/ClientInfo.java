package io.berth.proxy.internal;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;

/** Who a client is: its login names, its startup parameters and its address. */
public record ClientInfo(String user, String database, Map<String, String> startup, Channel channel) {

    public String applicationName() {
        return startup.getOrDefault("application_name", "");
    }

    public String address() {
        SocketAddress a = channel.remoteAddress();
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
    }

    public int port() {
        SocketAddress a = channel.remoteAddress();
        return a instanceof InetSocketAddress i ? i.getPort() : 0;
    }
}
