package io.berth.testkit.net;

import io.berth.testkit.net.FaultRelay.Direction;
import io.berth.testkit.net.Faults.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One relayed connection: the socket a client opened to the relay and the one the relay opened to
 * the target, with two pumps (one per direction), each a reader and a writer virtual thread joined
 * by a bounded queue.
 *
 * <p>The reader stamps every chunk with the time it may be written (now plus the direction's
 * latency), so latency delays each byte by the same amount instead of adding up over pipelined
 * chunks; the bounded queue makes a slow writer push back on the reader, as TCP would. Reader and
 * writer both wait while the direction is held (drop) and discard while it is blackholed. An
 * end of stream travels as a half-close once the bytes before it are written; when both directions
 * have ended, both sockets close. Any I/O error, and {@link #reset()}, close both sockets with RST.
 * A close on either side always reaches the other, even while bytes are blackholed or held, so a
 * fault never keeps a server-side session open after its client is gone.
 */
final class Link {
    private static final int CHUNK = 16 * 1024;
    private static final byte[] EOF = new byte[0];

    private record Chunk(byte[] bytes, long due) {}

    private final Socket client;
    private final Socket target;
    private final Faults faults;
    private final Runnable onClosed;
    private final LongAdder toTargetBytes;
    private final LongAdder toClientBytes;
    private final LongAdder discarded;
    private final AtomicInteger directionsDone = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    Link(
            Socket client,
            Socket target,
            Faults faults,
            LongAdder toTargetBytes,
            LongAdder toClientBytes,
            LongAdder discarded,
            Runnable onClosed) {
        this.client = client;
        this.target = target;
        this.faults = faults;
        this.toTargetBytes = toTargetBytes;
        this.toClientBytes = toClientBytes;
        this.discarded = discarded;
        this.onClosed = onClosed;
    }

    void start() {
        pump(Direction.TO_TARGET, client, target, toTargetBytes);
        pump(Direction.TO_CLIENT, target, client, toClientBytes);
        if (closed.get()) {
            // Closed while the threads started: a writer that missed the interrupt must not wait forever.
            interruptAll();
        }
    }

    private void pump(Direction d, Socket from, Socket to, LongAdder forwarded) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(64);
        threads.add(Thread.ofVirtual().name("relay-read-" + d).start(() -> read(d, from, queue)));
        threads.add(Thread.ofVirtual().name("relay-write-" + d).start(() -> write(d, to, queue, forwarded)));
    }

    private void read(Direction d, Socket from, BlockingQueue<Chunk> queue) {
        byte[] buf = new byte[CHUNK];
        try {
            InputStream in = from.getInputStream();
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    queue.put(new Chunk(EOF, 0));
                    return;
                }
                Rule r = faults.awaitFlowing(d);
                if (r.blackhole()) {
                    discarded.add(n);
                    continue;
                }
                queue.put(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + r.delayNanos()));
            }
        } catch (IOException | InterruptedException e) {
            reset();
        }
    }

    private void write(Direction d, Socket to, BlockingQueue<Chunk> queue, LongAdder forwarded) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk c = queue.take();
                if (c.bytes() == EOF) {
                    to.shutdownOutput();
                    if (directionsDone.incrementAndGet() == 2) {
                        close(false);
                    }
                    return;
                }
                Faults.sleepUntil(c.due());
                if (faults.awaitFlowing(d).blackhole()) {
                    discarded.add(c.bytes().length);
                    continue;
                }
                out.write(c.bytes());
                forwarded.add(c.bytes().length);
            }
        } catch (IOException | InterruptedException e) {
            reset();
        }
    }

    /** Closes both sockets with RST (SO_LINGER 0); returns whether this call closed them. */
    boolean reset() {
        return close(true);
    }

    private boolean close(boolean abort) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        closeQuietly(client, abort);
        closeQuietly(target, abort);
        interruptAll();
        onClosed.run();
        return true;
    }

    private void interruptAll() {
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                t.interrupt();
            }
        }
    }

    static void closeQuietly(Socket s, boolean abort) {
        try {
            if (abort) {
                s.setSoLinger(true, 0);
            }
            s.close();
        } catch (IOException e) {
            // Already closed or reset by the peer: nothing left to release.
        }
    }
}
