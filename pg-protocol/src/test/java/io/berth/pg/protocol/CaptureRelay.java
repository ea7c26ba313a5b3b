package io.berth.pg.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Re-makes the wire captures under {@code src/test/resources/captures/}: a relay on a free loopback
 * port records both directions of one connection to a real PostgreSQL, while psql or pgjdbc runs a
 * fixed session through it. Not a test; run it by hand:
 *
 * <pre>
 * ./mvnw -q -pl pg-protocol test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp pg-protocol/target/test-classes:$(cat /tmp/cp.txt) io.berth.pg.protocol.CaptureRelay \
 *     pg-protocol/src/test/resources/captures 127.0.0.1 5432
 * </pre>
 *
 * Needs {@code psql} on the PATH and a server that trusts user {@code postgres} on database {@code
 * test}. TLS and GSS encryption are disabled so that every byte after the StartupMessage is typed.
 */
public final class CaptureRelay {
    private CaptureRelay() {}

    /** The psql session: simple queries, a multi-statement query, COPY both ways, errors, a transaction. */
    static final String PSQL_SCRIPT = """
            select 1;
            select 'a' as x, null as y;
            \\copy (select generate_series(1,3)) to stdout
            select 1 as one \\; select 'two' as two \\; select 3.0 as three;
            select 1/0;
            begin;
            create temp table t (a int, b text);
            insert into t values (1, 'héllo ☃'), (2, null);
            commit;
            \\copy t from stdin
            3\twith a tab\\there
            \\.
            begin;
            select count(*) from t;
            select 1/0;
            rollback;
            do $$ begin raise notice 'a notice'; end $$;
            set application_name = 'capture';
            """;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "pg-protocol/src/test/resources/captures");
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 5432;
        Files.createDirectories(dir);
        record("psql", dir, host, port, CaptureRelay::psqlSession);
        record("pgjdbc", dir, host, port, CaptureRelay::pgjdbcSession);
        writeFuzzSeeds(dir);
    }

    /**
     * Writes the captures as {@link DecoderFuzzTest} inputs: a 3-byte header (direction and
     * inspect-subset flags, where to cut the stream) before each capture.
     */
    static void writeFuzzSeeds(Path captures) throws IOException {
        Path seeds = captures.resolveSibling(
                "io/berth/pg/protocol/DecoderFuzzTestInputs/decodersRaiseOnlyProtocolExceptionsAndLeakNothing");
        Files.createDirectories(seeds);
        for (String name : new String[] {"psql", "pgjdbc"}) {
            byte[] client = Files.readAllBytes(captures.resolve(name + "-client.bin"));
            byte[] server = Files.readAllBytes(captures.resolve(name + "-server.bin"));
            writeSeed(seeds.resolve(name + "-client"), 0, client.length / 2, client);
            writeSeed(seeds.resolve(name + "-client-subset"), 2, 7, client);
            writeSeed(seeds.resolve(name + "-server"), 1, server.length / 3, server);
            writeSeed(seeds.resolve(name + "-server-subset"), 3, 100, server);
        }
    }

    private static void writeSeed(Path file, int flags, int cut, byte[] stream) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(flags);
        b.write(cut >>> 8);
        b.write(cut);
        b.writeBytes(stream);
        Files.write(file, b.toByteArray());
    }

    interface Session {
        void run(int relayPort) throws Exception;
    }

    /** Runs {@code session} against a one-connection relay and writes NAME-client.bin and NAME-server.bin. */
    static void record(String name, Path dir, String host, int port, Session session) throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
            ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
            Thread relay = Thread.ofPlatform().name("relay-" + name).start(() -> {
                try (Socket client = listener.accept();
                        Socket server = new Socket(host, port)) {
                    Thread up = copy(client, server, fromClient);
                    Thread down = copy(server, client, fromServer);
                    up.join();
                    down.join();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            session.run(listener.getLocalPort());
            relay.join(TimeUnit.SECONDS.toMillis(30));
            if (relay.isAlive()) {
                throw new IllegalStateException("the " + name + " session did not close its connection");
            }
            Files.write(dir.resolve(name + "-client.bin"), fromClient.toByteArray());
            Files.write(dir.resolve(name + "-server.bin"), fromServer.toByteArray());
            System.out.printf(
                    "%s: %d bytes from the client, %d from the server%n", name, fromClient.size(), fromServer.size());
        }
    }

    /** Copies {@code from} to {@code to} and into {@code log} until EOF, then half-closes {@code to}. */
    private static Thread copy(Socket from, Socket to, ByteArrayOutputStream log) {
        return Thread.ofPlatform().start(() -> {
            byte[] buf = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    log.write(buf, 0, n); // one writer per log; read after join()
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // the other side closed first; what was read is recorded
            }
        });
    }

    static void psqlSession(int port) throws Exception {
        Process p = new ProcessBuilder(
                        "psql",
                        "host=127.0.0.1 port=" + port + " user=postgres dbname=test sslmode=disable gssencmode=disable",
                        "-X",
                        "-f",
                        "-")
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(PSQL_SCRIPT.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("psql did not finish");
        }
    }

    /**
     * The pgjdbc session: a PreparedStatement run six times (server-prepared as a named statement from
     * the fifth run on, with binary results), a batch, metadata calls, a transaction and an error.
     */
    static void pgjdbcSession(int port) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + port
                + "/test?user=postgres&sslmode=disable&gssEncMode=disable&ApplicationName=capture";
        try (Connection c = DriverManager.getConnection(url)) {
            try (PreparedStatement ps = c.prepareStatement("select ?::int + 1 as n, now() as at, ?::text as s")) {
                for (int i = 0; i < 6; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, i % 2 == 0 ? "even ☃" : null);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        rs.getInt(1);
                    }
                }
                ResultSetMetaData md = ps.getMetaData();
                md.getColumnCount();
            }
            try (Statement s = c.createStatement()) {
                s.execute("create temp table items (id int primary key, name text)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into items values (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "item " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = c.getMetaData().getColumns(null, null, "items", null)) {
                while (rs.next()) {
                    rs.getString("COLUMN_NAME");
                }
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select id, name from items order by id")) {
                rs.getMetaData().isAutoIncrement(1);
                while (rs.next()) {
                    rs.getString(2);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select 1 / ?")) {
                ps.setInt(1, 0);
                ps.executeQuery().close();
            } catch (SQLException expected) {
                System.out.println("expected: " + expected.getMessage());
            }
        }
    }
}
