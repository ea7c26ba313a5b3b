package io.berth.benchmarks.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens many idle PostgreSQL client connections to a pooler, to measure the pooler's memory per
 * client; not a JMH benchmark.
 *
 * <p>Usage: {@code IdleClients HOST PORT USER DATABASE COUNT HOLD_SECONDS}. On one selector thread
 * it opens COUNT TCP connections (at most {@code idle.inFlight}, default 256, in the handshake at
 * once, so the pooler's listen backlog does not overflow), sends a StartupMessage (protocol 3.0,
 * user, database) on each and waits for ReadyForQuery, skipping ParameterStatus, BackendKeyData and
 * NoticeResponse. Only trust authentication is supported: any other authentication request, an
 * ErrorResponse (its message is printed) or a failed connect counts as a failed client. When every
 * client is ready or failed (or after {@code idle.connectTimeoutSeconds}, default 120) it prints
 * {@code IdleClients: connected R of N ...} on stdout, holds the connections for HOLD_SECONDS
 * (counting those the server drops), sends Terminate on each, closes them and prints {@code
 * IdleClients: closed ...}. Exit status 0 when all N connected and none was dropped, else 1.
 */
public final class IdleClients {
    private static final int PROTOCOL_3_0 = 196608;
    private static final int MAX_ERRORS_PRINTED = 5;

    private final List<SocketChannel> readyChannels = new ArrayList<>();
    private int failed;
    private int dropped;
    private int errorsPrinted;
    private String firstError;

    /** The per-connection read state: a small buffer, grown only for a larger message. */
    private static final class Client {
        ByteBuffer in = ByteBuffer.allocate(256);
        boolean ready;
    }

    private IdleClients() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: IdleClients HOST PORT USER DATABASE COUNT HOLD_SECONDS");
            System.exit(2);
        }
        InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[4]);
        long holdSeconds = Long.parseLong(args[5]);
        System.exit(new IdleClients().run(address, startupMessage(args[2], args[3]), count, holdSeconds));
    }

    private int run(InetSocketAddress address, ByteBuffer startup, int count, long holdSeconds) throws IOException {
        int inFlight = Integer.getInteger("idle.inFlight", 256);
        long connectTimeoutNanos = Long.getLong("idle.connectTimeoutSeconds", 120) * 1_000_000_000L;
        try (Selector selector = Selector.open()) {
            long start = System.nanoTime();
            int opened = 0;
            while (readyChannels.size() + failed < count && System.nanoTime() - start < connectTimeoutNanos) {
                while (opened < count && opened - readyChannels.size() - failed < inFlight) {
                    opened++;
                    open(selector, address, startup);
                }
                selector.select(100);
                handleSelected(selector, startup);
            }
            long connectMillis = (System.nanoTime() - start) / 1_000_000;
            int timedOut = count - readyChannels.size() - failed;
            System.out.printf(
                    Locale.ROOT,
                    "IdleClients: connected %d of %d to %s in %d ms (%.0f connects/s), %d failed, %d timed out%s%n",
                    readyChannels.size(),
                    count,
                    address,
                    connectMillis,
                    readyChannels.size() * 1000.0 / Math.max(1, connectMillis),
                    failed,
                    timedOut,
                    firstError == null ? "" : "; first error: " + firstError);
            System.out.flush();

            long holdEnd = System.nanoTime() + holdSeconds * 1_000_000_000L;
            while (System.nanoTime() < holdEnd) {
                selector.select(Math.max(1, (holdEnd - System.nanoTime()) / 1_000_000));
                handleSelected(selector, startup);
            }
            int closed = 0;
            for (SocketChannel channel : readyChannels) {
                if (channel.isOpen()) {
                    closed++;
                    terminateAndClose(channel);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "IdleClients: closed %d connections after holding them %d s; %d dropped by the server during the hold%n",
                    closed,
                    holdSeconds,
                    dropped);
            return readyChannels.size() == count && dropped == 0 ? 0 : 1;
        }
    }

    private void open(Selector selector, InetSocketAddress address, ByteBuffer startup) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(address)) {
                writeFully(channel, startup.duplicate());
                channel.register(selector, SelectionKey.OP_READ, new Client());
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, new Client());
            }
        } catch (IOException e) {
            fail(channel, null, "connect: " + e);
        }
    }

    private void handleSelected(Selector selector, ByteBuffer startup) {
        for (SelectionKey key : selector.selectedKeys()) {
            SocketChannel channel = (SocketChannel) key.channel();
            Client client = (Client) key.attachment();
            try {
                if (key.isConnectable()) {
                    channel.finishConnect();
                    writeFully(channel, startup.duplicate());
                    key.interestOps(SelectionKey.OP_READ);
                } else if (key.isReadable()) {
                    read(channel, client);
                }
            } catch (IOException | RuntimeException e) {
                fail(channel, client, e.toString());
            }
        }
        selector.selectedKeys().clear();
    }

    private void read(SocketChannel channel, Client client) throws IOException {
        if (channel.read(client.in) < 0) {
            fail(channel, client, "server closed the connection");
            return;
        }
        ByteBuffer in = client.in.flip();
        while (in.remaining() >= 5) {
            int length = in.getInt(in.position() + 1);
            if (in.remaining() < 1 + length) {
                if (in.capacity() < 1 + length) {
                    client.in = ByteBuffer.allocate(1 + length).put(in);
                    return;
                }
                break;
            }
            byte type = in.get();
            in.getInt();
            ByteBuffer body = in.slice(in.position(), length - 4);
            in.position(in.position() + length - 4);
            switch (type) {
                case 'R' -> {
                    int code = body.getInt();
                    if (code != 0) {
                        fail(channel, client, "server asks for authentication (code " + code + "); only trust works");
                        return;
                    }
                }
                case 'E' -> {
                    fail(channel, client, "ErrorResponse: " + errorText(body));
                    return;
                }
                case 'Z' -> {
                    if (!client.ready) {
                        client.ready = true;
                        readyChannels.add(channel);
                    }
                }
                default -> {} // ParameterStatus, BackendKeyData, NoticeResponse
            }
        }
        in.compact();
    }

    private void fail(SocketChannel channel, Client client, String message) {
        if (client != null && client.ready) {
            dropped++;
        } else {
            failed++;
        }
        if (firstError == null) {
            firstError = message;
        }
        if (errorsPrinted < MAX_ERRORS_PRINTED) {
            errorsPrinted++;
            System.err.println("IdleClients: " + message);
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    private static String errorText(ByteBuffer body) {
        StringBuilder text = new StringBuilder();
        while (body.hasRemaining()) {
            byte field = body.get();
            if (field == 0) {
                break;
            }
            String value = cString(body);
            if (field == 'S' || field == 'C' || field == 'M') {
                text.append(text.isEmpty() ? "" : field == 'M' ? ": " : " ").append(value);
            }
        }
        return text.toString();
    }

    private static String cString(ByteBuffer body) {
        int start = body.position();
        while (body.get() != 0) {
            // find the terminating zero
        }
        return new String(
                body.array(), body.arrayOffset() + start, body.position() - start - 1, StandardCharsets.UTF_8);
    }

    private static void terminateAndClose(SocketChannel channel) {
        try (channel) {
            channel.write(ByteBuffer.wrap(new byte[] {'X', 0, 0, 0, 4}));
        } catch (IOException ignored) {
            // the pooler may be gone already: closing is all that matters
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                Thread.onSpinWait(); // a fresh socket's send buffer takes a 60-byte message at once
            }
        }
    }

    static ByteBuffer startupMessage(String user, String database) {
        byte[] params = ("user\0" + user + "\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer message = ByteBuffer.allocate(8 + params.length);
        message.putInt(8 + params.length).putInt(PROTOCOL_3_0).put(params).flip();
        return message.asReadOnlyBuffer();
    }
}
