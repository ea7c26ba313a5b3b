package io.berth.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that stands in for a database server appearing on a port: tests point a
 * data source at a port nobody listens on, then start this there to forward to the real server.
 * Closing it is the server going away: the port stops listening and every relayed connection is
 * cut. A new forwarder on the same port is the server coming back.
 */
final class TcpForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    TcpForwarder(int port, int targetPort) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        this.targetPort = targetPort;
        Thread.ofVirtual().name("forwarder-" + port).start(this::acceptLoop);
    }

    /** A port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Connections relayed right now. */
    int connections() {
        return open.size() / 2;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket backend;
                try {
                    backend = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                open.add(client);
                open.add(backend);
                if (server.isClosed()) {
                    closeQuietly(client);
                    closeQuietly(backend);
                }
                Thread.ofVirtual().start(() -> pump(client, backend));
                Thread.ofVirtual().start(() -> pump(backend, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away; closing both below ends the other pump too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    /** Stops listening and cuts every relayed connection. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
