package io.berth.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server that accepts TCP connections and never writes a byte: a PostgreSQL that hangs before
 * its greeting. It reads (and ignores) what comes, to notice when the peer closes, and remembers
 * when each connection was accepted and when it ended.
 */
final class SilentServer implements AutoCloseable {
    /** One accepted connection; {@code endedAt} is 0 while it is open. */
    static final class Held {
        final long acceptedAt = System.nanoTime();
        volatile long endedAt;

        long heldMillis() {
            long end = endedAt == 0 ? System.nanoTime() : endedAt;
            return TimeUnit.NANOSECONDS.toMillis(end - acceptedAt);
        }
    }

    private final ServerSocket listener;
    private final Queue<Held> held = new ConcurrentLinkedQueue<>();
    private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();

    SilentServer() throws IOException {
        listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("silent-accept").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    int accepted() {
        return held.size();
    }

    int open() {
        return (int) held.stream().filter(h -> h.endedAt == 0).count();
    }

    /** The connections accepted so far. */
    java.util.List<Held> snapshot() {
        return java.util.List.copyOf(held);
    }

    /** The longest any connection stayed open: until its peer closed it, or until now. */
    long longestHeldMillis() {
        return held.stream().mapToLong(Held::heldMillis).max().orElse(0);
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = listener.accept();
                Held h = new Held();
                held.add(h);
                sockets.add(s);
                Thread.ofVirtual().start(() -> drain(s, h));
            }
        } catch (IOException e) {
            // Closed by close().
        }
    }

    private static void drain(Socket s, Held h) {
        try (InputStream in = s.getInputStream()) {
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                // A startup message or a cancel: never answered.
            }
        } catch (IOException e) {
            // Reset by the peer: ended all the same.
        } finally {
            h.endedAt = System.nanoTime();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
