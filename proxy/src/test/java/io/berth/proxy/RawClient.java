package io.berth.proxy;

import io.berth.pg.protocol.ClientMessage;
import io.berth.pg.protocol.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bare protocol client for tests that must control every message: sends pg-protocol messages as
 * one write and reads the replies up to ReadyForQuery, each as a short line ({@code 1} ParseComplete,
 * {@code C SELECT 1} CommandComplete, {@code D 7} a DataRow's first column, {@code E 26000 ...}).
 */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(int port, String database) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        send(StartupMessage.of(Map.of("user", "postgres", "database", database)));
        List<String> login = readUntilReady();
        if (login.stream().anyMatch(s -> s.startsWith("E"))) {
            throw new IOException("login failed: " + login);
        }
    }

    /** Sends the messages in one write. */
    void send(ClientMessage... messages) throws IOException {
        ByteBuf b = Unpooled.buffer();
        for (ClientMessage m : messages) {
            m.encode(b);
        }
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.write(bytes);
        out.flush();
    }

    /** Sends the messages and reads the replies up to the next ReadyForQuery. */
    List<String> exchange(ClientMessage... messages) throws IOException {
        send(messages);
        return readUntilReady();
    }

    /** Replies up to and including the next ReadyForQuery ({@code Z I}, {@code Z T}, {@code Z E}). */
    List<String> readUntilReady() throws IOException {
        List<String> replies = new ArrayList<>();
        while (true) {
            char type = (char) in.readUnsignedByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            String line = describe(type, body);
            if (line != null) {
                replies.add(line);
            }
            if (type == 'Z') {
                return replies;
            }
        }
    }

    /** The next ErrorResponse, reading past anything else; then whether the proxy closed the socket. */
    String awaitError() throws IOException {
        while (true) {
            char type = (char) in.readUnsignedByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            if (type == 'E') {
                return describe(type, body);
            }
        }
    }

    /** Reads up to the next ReadyForQuery ({@code Z x}) or ErrorResponse ({@code E code message}), whichever comes first. */
    String awaitReadyOrError() throws IOException {
        while (true) {
            char type = (char) in.readUnsignedByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            if (type == 'E' || type == 'Z') {
                return describe(type, body);
            }
        }
    }

    /** Whether the proxy has closed the connection (reads to end of stream). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private static String describe(char type, byte[] body) {
        return switch (type) {
            case 'Z' -> "Z " + (char) body[0];
            case 'C' -> "C " + new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
            case 'D' -> "D " + firstColumn(body);
            case 'E' -> "E " + field(body, 'C') + " " + field(body, 'M');
            case 'S', 'K', 'N', 'R' -> null;
            default -> String.valueOf(type);
        };
    }

    private static String firstColumn(byte[] body) {
        int len = ((body[2] & 0xff) << 24) | ((body[3] & 0xff) << 16) | ((body[4] & 0xff) << 8) | (body[5] & 0xff);
        return len < 0 ? "null" : new String(body, 6, len, StandardCharsets.UTF_8);
    }

    private static String field(byte[] body, char code) {
        int i = 0;
        while (i < body.length && body[i] != 0) {
            int end = i + 1;
            while (body[end] != 0) {
                end++;
            }
            if (body[i] == code) {
                return new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
            }
            i = end + 1;
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
