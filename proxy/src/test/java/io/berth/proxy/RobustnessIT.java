package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.PoolMode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Bad bytes get a PostgreSQL ErrorResponse with SQLSTATE 08P01 and cost nobody else anything: a
 * pgbench run on the same proxy meanwhile sees zero failures.
 */
class RobustnessIT {

    private static byte[] startup() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        d.writeInt(196608);
        for (String s : new String[] {"user", "postgres", "database", "test"}) {
            d.write(s.getBytes(StandardCharsets.UTF_8));
            d.write(0);
        }
        d.write(0);
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        new DataOutputStream(msg).writeInt(body.size() + 4);
        msg.write(body.toByteArray());
        return msg.toByteArray();
    }

    /** Sends {@code afterLogin} (after a trust login when {@code login}), returns everything until the proxy closes. */
    private static String exchange(int port, boolean login, byte[] bytes) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            if (login) {
                s.getOutputStream().write(startup());
                readUntilReady(s.getInputStream());
            }
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void readUntilReady(InputStream in) throws IOException {
        while (true) {
            int type = in.read();
            int len = new java.io.DataInputStream(in).readInt();
            in.readNBytes(len - 4);
            if (type == 'Z') {
                return;
            }
        }
    }

    private static void assertProtocolError(String response, String fragment) {
        assertError(response, "08P01", fragment);
    }

    private static void assertError(String response, String sqlState, String fragment) {
        assertThat(response).startsWith("E");
        assertThat(response).contains("C" + sqlState).contains(fragment);
    }

    @Test
    void badInputGetsAnErrorWhileAPgbenchRunSeesNoFailure() throws Exception {
        Tools.ensureDatabase(PgbenchIT.DB);
        Tools.pgbench(5432, PgbenchIT.DB, "-i", "-q", "-s", "1");
        try (TestProxy proxy = TestProxy.start(PoolMode.TRANSACTION)) {
            CompletableFuture<Tools.Result> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return Tools.pgbench(proxy.port, PgbenchIT.DB, "-S", "-c", "8", "-j", "2", "-T", "6", "-n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The bad input goes in while pgbench's clients are connected and running.
            io.berth.testkit.Await.until(() -> proxy.px.clients().sessions().size() >= 8);
            for (int round = 0; round < 20; round++) {
                assertProtocolError(
                        exchange(
                                proxy.port,
                                false,
                                "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                        "startup packet");
                assertProtocolError(
                        exchange(proxy.port, true, new byte[] {'G', 0, 0, 0, 8, 1, 2, 3, 4}),
                        "invalid frontend message type");
                assertProtocolError(
                        exchange(proxy.port, true, new byte[] {'Q', 0x7f, -1, -1, -1, 's'}), "declares length");
                assertProtocolError(exchange(proxy.port, true, new byte[] {'Q', 0, 0, 0, 2}), "declares length 2");
                assertProtocolError(
                        exchange(proxy.port, true, new byte[] {'Q', 0, 0, 0, 9, 's', 'e', 'l', 'e', 'c'}),
                        "no terminating zero byte");
                assertError(
                        exchange(proxy.port, false, new byte[] {0, 0, 0, 8, 0, 9, 0, 0}),
                        "0A000",
                        "unsupported frontend protocol 9.0");
            }
            Tools.Result r = load.get();
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("number of failed transactions: 0");
        }
    }
}
