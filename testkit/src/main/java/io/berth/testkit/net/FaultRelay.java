package io.berth.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP relay on a loopback ephemeral port that forwards to a target host and port, with faults a
 * test switches at runtime: added latency (fixed plus jitter, per direction), reset (every current
 * connection closed with RST), blackhole (connections stay open, bytes are discarded, per
 * direction), refusal of new connections, drop (bytes held for a while, then delivered, per
 * direction, as after a healed partition), and {@link #normal()} to undo all of them.
 *
 * <p>How: blocking sockets on virtual threads. One thread accepts; each accepted connection gets
 * its own connection to the target and two pumps (see {@link Link}). A refused connection is
 * accepted and closed at once with RST, so its peer sees a reset right after the handshake (a real
 * refusal would need the listening port closed, which another process could then take). Faults
 * apply to bytes read after the switch; bytes already queued under a latency keep their time.
 *
 * <p>Counts ({@link #counts()}) are for assertions: connections accepted, open now, refused, reset,
 * and bytes forwarded each way or discarded. Every method is thread-safe. {@link #close()} resets
 * every connection and stops listening.
 */
public final class FaultRelay implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** Which way bytes travel: from the client to the target, from the target to the client, or both. */
    public enum Direction {
        TO_TARGET,
        TO_CLIENT,
        BOTH
    }

    /** A snapshot of the relay's counters. */
    public record Counts(
            long accepted,
            int open,
            long refused,
            long reset,
            long bytesToTarget,
            long bytesToClient,
            long discarded) {}

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Faults faults = new Faults();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final LongAdder toTarget = new LongAdder();
    private final LongAdder toClient = new LongAdder();
    private final LongAdder discarded = new LongAdder();
    private final Thread acceptor;
    private volatile boolean closed;

    private FaultRelay(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual()
                .name("relay-accept-" + listener.getLocalPort())
                .start(this::acceptLoop);
    }

    /** Starts a relay on 127.0.0.1 (an ephemeral port) forwarding to {@code host:port}. */
    public static FaultRelay start(String host, int port) throws IOException {
        return new FaultRelay(new InetSocketAddress(host, port));
    }

    /** The port clients connect to, on the loopback address. */
    public int port() {
        return listener.getLocalPort();
    }

    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** Delays every chunk going {@code d} by {@code fixed} plus a uniform random part of up to {@code jitter}. */
    public FaultRelay latency(Direction d, Duration fixed, Duration jitter) {
        faults.latency(d, fixed, jitter);
        return this;
    }

    /** Keeps connections (current and new) open but discards every byte going {@code d}. */
    public FaultRelay blackhole(Direction d) {
        faults.blackhole(d);
        return this;
    }

    /**
     * Stops forwarding bytes going {@code d} for {@code duration}, then delivers what was held and
     * goes on; nothing is lost, as TCP retransmits across a partition that heals in time.
     */
    public FaultRelay drop(Direction d, Duration duration) {
        faults.hold(d, duration);
        return this;
    }

    /** New connections are accepted and closed at once with RST; current ones are untouched. */
    public FaultRelay refuseNewConnections() {
        faults.refuse(true);
        return this;
    }

    /** Closes every current connection with RST on both sides; returns how many. New ones work. */
    public int reset() {
        int n = 0;
        for (Link l : links) {
            if (l.reset()) {
                n++;
            }
        }
        resets.addAndGet(n);
        return n;
    }

    /** Undoes every fault: no latency, no blackhole, no drop, new connections accepted. */
    public FaultRelay normal() {
        faults.normal();
        return this;
    }

    public Counts counts() {
        return new Counts(
                accepted.get(),
                links.size(),
                refused.get(),
                resets.get(),
                toTarget.sum(),
                toClient.sum(),
                discarded.sum());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                throw new UncheckedIOException("relay on port " + port() + " cannot accept", e);
            }
            accepted.incrementAndGet();
            if (faults.refusing()) {
                refused.incrementAndGet();
                Link.closeQuietly(client, true);
                continue;
            }
            Thread.ofVirtual().name("relay-connect").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            // The target is down: the client sees what a client of a dead server sees, a reset.
            Link.closeQuietly(upstream, true);
            Link.closeQuietly(client, true);
            return;
        }
        Link[] self = new Link[1];
        self[0] = new Link(client, upstream, faults, toTarget, toClient, discarded, () -> links.remove(self[0]));
        links.add(self[0]);
        if (closed) {
            self[0].reset();
            return;
        }
        self[0].start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // Closing a listener only fails when it is already closed.
        }
        links.forEach(Link::reset);
        acceptor.interrupt();
    }

    @Override
    public String toString() {
        return "FaultRelay[" + host() + ":" + port() + " -> " + target.getHostString() + ":" + target.getPort() + ", "
                + counts() + "]";
    }
}
