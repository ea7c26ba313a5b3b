package io.berth.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback TCP server that writes back what it reads, one virtual thread per connection. */
final class EchoServer implements AutoCloseable {
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ended = new AtomicInteger();

    EchoServer() throws IOException {
        listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections the server holds now. */
    int open() {
        return open.size();
    }

    /** Connections that ended: the peer closed or reset them. */
    int ended() {
        return ended.get();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = listener.accept();
                open.add(s);
                Thread.ofVirtual().start(() -> echo(s));
            }
        } catch (IOException e) {
            // Closed by close().
        }
    }

    private void echo(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // Reset by the peer: the connection ends all the same.
        } finally {
            open.remove(s);
            ended.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
