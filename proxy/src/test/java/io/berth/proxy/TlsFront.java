package io.berth.proxy;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;

/**
 * A stand-in for a PostgreSQL with ssl = on, for tests on a server that has it off: it answers
 * SSLRequest with 'S' and does TLS with the given context (or answers 'N' without one), then relays
 * the connection in plain text to the real PostgreSQL on 127.0.0.1:5432. It records what each
 * connection negotiated.
 */
final class TlsFront implements AutoCloseable {
    /** What one connection did: its TLS protocol ("plain" without TLS) and the client certificate's subject. */
    record Seen(String protocol, String clientSubject) {}

    private final ServerSocket listener;
    private final SslContext tls;
    private final boolean needClientCert;
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    TlsFront(SslContext tls, boolean needClientCert) throws IOException {
        this.tls = tls;
        this.needClientCert = needClientCert;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            int len = in.readInt();
            int code = in.readInt();
            Socket front = client;
            byte[] first = new byte[0];
            if (len == 8 && code == 80877103) {
                if (tls == null) {
                    client.getOutputStream().write('N');
                    seen.add(new Seen("plain", null));
                } else {
                    client.getOutputStream().write('S');
                    SSLSocket ssl = (SSLSocket) ((JdkSslContext) tls)
                            .context()
                            .getSocketFactory()
                            .createSocket(client, "127.0.0.1", client.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.setNeedClientAuth(needClientCert);
                    ssl.startHandshake();
                    seen.add(new Seen(
                            ssl.getSession().getProtocol(),
                            needClientCert ? ssl.getSession().getPeerPrincipal().getName() : null));
                    front = ssl;
                }
            } else {
                seen.add(new Seen("plain", null));
                first = new byte[] {
                    (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len,
                    (byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code
                };
            }
            try (Socket pg = new Socket(TestProxy.PG_HOST, TestProxy.PG_PORT)) {
                pg.getOutputStream().write(first);
                Socket f = front;
                Thread up = Thread.ofVirtual().start(() -> pump(f, pg));
                pump(pg, f);
                up.join(1000);
            }
        } catch (IOException | InterruptedException e) {
            // the peer went away or refused the handshake: that is for the test to see
        }
    }

    /** Copies until either side closes, then closes both. */
    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
