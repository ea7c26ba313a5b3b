package io.berth.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal PostgreSQL client on a plain socket, for bursts of logins: StartupMessage (trust),
 * optionally one simple Query, then Terminate. No driver, so ten thousand of them cost little.
 */
final class BurstClient {
    private static final byte[] TERMINATE = {'X', 0, 0, 0, 4};

    private BurstClient() {}

    /**
     * Logs in to {@code database} as postgres, runs {@code select 1} when {@code query}, says
     * Terminate. Returns null when all went well, else what went wrong.
     */
    static String session(int port, String database, boolean query) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            out.write(startup(database));
            String error = untilReady(in, false);
            if (error != null) {
                return "login: " + error;
            }
            if (query) {
                out.write(query("select 1"));
                error = untilReady(in, true);
                if (error != null) {
                    return "query: " + error;
                }
            }
            out.write(TERMINATE);
            out.flush();
            return null;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Reads messages up to ReadyForQuery; an ErrorResponse, or no DataRow when one is expected, is a failure. */
    private static String untilReady(DataInputStream in, boolean wantRow) throws IOException {
        boolean row = false;
        while (true) {
            int type = in.readUnsignedByte();
            int len = in.readInt();
            byte[] body = in.readNBytes(len - 4);
            switch (type) {
                case 'E' -> {
                    return new String(body, StandardCharsets.UTF_8).replace('\0', ' ');
                }
                case 'D' -> row = true;
                case 'Z' -> {
                    return wantRow && !row ? "no row" : null;
                }
                default -> {
                    // Authentication, ParameterStatus, BackendKeyData, RowDescription, CommandComplete.
                }
            }
        }
    }

    private static byte[] startup(String database) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        d.writeInt(196608);
        for (String kv : new String[] {"user", "postgres", "database", database, "application_name", "berth-burst"}) {
            d.write(kv.getBytes(StandardCharsets.UTF_8));
            d.write(0);
        }
        d.write(0);
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        new DataOutputStream(msg).writeInt(body.size() + 4);
        msg.write(body.toByteArray());
        return msg.toByteArray();
    }

    private static byte[] query(String sql) throws IOException {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(msg);
        d.write('Q');
        d.writeInt(4 + text.length + 1);
        d.write(text);
        d.write(0);
        return msg.toByteArray();
    }
}
