package io.berth.pg.auth;

import io.berth.testkit.pg.PostgresFixture;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough of the PostgreSQL v3 wire protocol, written by hand, to log in to the real server
 * from a test: StartupMessage, typed messages both ways, and the fields of Authentication and
 * ErrorResponse. The real codecs live elsewhere; this stays independent of them on purpose.
 */
final class PgWire implements Closeable {
    private static final int PROTOCOL_3_0 = 196608;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private PgWire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static PgWire connect() throws IOException {
        Socket socket = new Socket(PostgresFixture.HOST, PostgresFixture.PORT);
        socket.setSoTimeout(10_000);
        return new PgWire(socket);
    }

    /** StartupMessage: Int32 length (self-inclusive), Int32 protocol, ("key\0value\0")*, "\0". */
    void startup(String user, String database) throws IOException {
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        for (String s : List.of("user", user, "database", database)) {
            params.writeBytes(cstring(s));
        }
        params.write(0);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(8 + params.size());
        data.writeInt(PROTOCOL_3_0);
        data.write(params.toByteArray());
        data.flush();
    }

    /** A typed message: Byte1 type, Int32 length (4 + body), body. */
    void send(char type, byte[] body) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeByte(type);
        data.writeInt(4 + body.length);
        data.write(body);
        data.flush();
    }

    /** SASLInitialResponse ('p'): mechanism "\0", Int32 length of data, data. */
    void sendSaslInitialResponse(String mechanism, byte[] data) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(mechanism.length() + 1 + 4 + data.length);
        body.put(cstring(mechanism)).putInt(data.length).put(data);
        send('p', body.array());
    }

    /** SASLResponse ('p'): the data, nothing else. */
    void sendSaslResponse(byte[] data) throws IOException {
        send('p', data);
    }

    /** PasswordMessage ('p'): the password as a C string. */
    void sendPassword(String password) throws IOException {
        send('p', cstring(password));
    }

    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    @Override
    public void close() throws IOException {
        try {
            send('X', new byte[0]); // Terminate
        } catch (IOException ignored) {
            // the server may have closed already (after an ErrorResponse)
        }
        socket.close();
    }

    private static byte[] cstring(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    record Message(char type, byte[] body) {
        /** For 'R': the Int32 authentication code (0 Ok, 5 MD5, 10 SASL, 11 SASLContinue, 12 SASLFinal). */
        int authCode() {
            check('R');
            return ByteBuffer.wrap(body).getInt();
        }

        /** For 'R': what follows the code. */
        byte[] authData() {
            check('R');
            return Arrays.copyOfRange(body, 4, body.length);
        }

        /** For R 10: the mechanism names, each "\0"-terminated, then "\0". */
        List<String> mechanisms() {
            List<String> names = new ArrayList<>();
            byte[] data = authData();
            int start = 0;
            for (int i = 0; i < data.length; i++) {
                if (data[i] == 0) {
                    if (i == start) {
                        break;
                    }
                    names.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return names;
        }

        /** For 'E': the 'C' field. Fields are Byte1 code, C string; a zero byte ends them. */
        String sqlState() {
            check('E');
            int i = 0;
            while (i < body.length && body[i] != 0) {
                byte code = body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                String value = new String(body, i, end - i, StandardCharsets.UTF_8);
                if (code == 'C') {
                    return value;
                }
                i = end + 1;
            }
            return null;
        }

        private void check(char expected) {
            if (type != expected) {
                throw new AssertionError("expected message '" + expected + "', got '" + type + "'"
                        + (type == 'E' ? " (SQLSTATE " + sqlState() + ")" : ""));
            }
        }
    }
}
