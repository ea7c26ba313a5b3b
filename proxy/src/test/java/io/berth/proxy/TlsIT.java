package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.ConfigException;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.ProxyConfig;
import io.berth.proxy.config.ProxyConfigBuilder;
import io.berth.proxy.config.SslMode;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on both sides, configured as in pgbouncer.ini: clients (the real psql and pgjdbc) to Berth with
 * client_tls_*, and Berth to PostgreSQL with server_tls_*. The local PostgreSQL may have ssl = off,
 * so the server side is tested through a {@link TlsFront} that does TLS like PostgreSQL and relays
 * to it; the certificates are made by openssl for each run.
 */
class TlsIT {
    private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 4, (byte) 210, 22, 47};

    @TempDir
    static Path dir;

    static TestCerts certs;
    static Path authFile;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCerts.create(dir);
        authFile = Files.writeString(dir.resolve("userlist.txt"), "\"postgres\" \"\"\n");
    }

    // ---- clients to Berth (client_tls_sslmode) ----

    @Test
    void psqlAskingForTlsGetsItWhenClientTlsIsRequired() throws Exception {
        try (BerthProxy proxy = start(clientTls(SslMode.REQUIRE))) {
            Tools.Result r = psql(proxy, "sslmode=require", "-c", "\\conninfo");

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("SSL connection (protocol: TLSv1.3");
            Tools.Result q = psql(proxy, "sslmode=require", "-tAc", "select 'over tls'");
            assertThat(q.output()).isEqualTo("over tls");
        }
    }

    @Test
    void jdbcWithVerifyFullTrustsTheProxyCertificateForItsAddress() throws Exception {
        try (BerthProxy proxy = start(clientTls(SslMode.REQUIRE))) {
            Properties p = new Properties();
            p.setProperty("ssl", "true");
            p.setProperty("sslmode", "verify-full");
            p.setProperty("sslrootcert", certs.cert("ca").toString());

            try (Connection c = connect(proxy, p)) {
                assertThat(scalar(c, "select 40 + 2")).isEqualTo("42");
            }
        }
    }

    @Test
    void plainTextClientIsRefusedWith28000WhenClientTlsIsRequired() throws Exception {
        try (BerthProxy proxy = start(clientTls(SslMode.REQUIRE))) {
            assertThatThrownBy(() -> connect(proxy, sslmode("disable")))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"))
                    .hasMessageContaining("TLS required (client_tls_sslmode = require)");
            Tools.Result r = psql(proxy, "sslmode=disable", "-c", "select 1");
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.output()).contains("TLS required (client_tls_sslmode = require)");
        }
    }

    @Test
    void plainTextAndTlsClientsAreBothServedWhenClientTlsIsPreferred() throws Exception {
        try (BerthProxy proxy = start(clientTls(SslMode.PREFER))) {
            try (Connection c = connect(proxy, sslmode("disable"))) {
                assertThat(scalar(c, "select 'plain'")).isEqualTo("plain");
            }
            Tools.Result r = psql(proxy, "sslmode=require", "-c", "\\conninfo");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("SSL connection");
        }
    }

    @Test
    void tlsRequestIsDeclinedWhenClientTlsIsDisabled() throws Exception {
        try (BerthProxy proxy = start(c -> c)) {
            Tools.Result required = psql(proxy, "sslmode=require", "-c", "select 1");
            assertThat(required.exitCode()).isNotZero();
            assertThat(required.output()).contains("server does not support SSL");

            Tools.Result preferred = psql(proxy, "sslmode=prefer", "-c", "\\conninfo");
            assertThat(preferred.exitCode()).as(preferred.output()).isZero();
            assertThat(preferred.output()).contains("You are connected").doesNotContain("SSL connection");
        }
    }

    @Test
    void verifyCaLetsInOnlyClientsWithACertificateSignedByTheCa() throws Exception {
        try (BerthProxy proxy = start(clientTls(SslMode.VERIFY_CA).then(c -> c.clientTlsCaFile(certs.cert("ca"))))) {
            Tools.Result withCert = psql(
                    proxy,
                    "sslmode=require sslcert=" + certs.cert("client") + " sslkey=" + certs.key("client"),
                    "-tAc",
                    "select 'certified'");
            assertThat(withCert.output()).isEqualTo("certified");

            Tools.Result without = psql(proxy, "sslmode=require", "-tAc", "select 1");
            assertThat(without.exitCode()).isNotZero();
            assertThat(without.output()).doesNotContain("\n1").containsIgnoringCase("certificate");
        }
    }

    @Test
    void reloadTurnsClientTlsOnForNewClients() throws Exception {
        try (BerthProxy proxy = start(c -> c)) {
            try (Connection c = connect(proxy, sslmode("disable"))) {
                assertThat(scalar(c, "select 1")).isEqualTo("1");
            }

            proxy.reload(
                    clientTls(SslMode.REQUIRE).apply(config(TestProxy.PG_PORT)).build());

            assertThatThrownBy(() -> connect(proxy, sslmode("disable")))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
            try (Connection c = connect(proxy, sslmode("require"))) {
                assertThat(scalar(c, "select 2")).isEqualTo("2");
            }
        }
    }

    @Test
    void pkcs1KeyIsRefusedAtStartWithTheCommandThatConvertsIt() {
        ProxyConfig config = config(TestProxy.PG_PORT)
                .clientTlsSslmode(SslMode.REQUIRE)
                .clientTlsCertFile(certs.cert("server"))
                .clientTlsKeyFile(certs.key("server-pkcs1"))
                .build();

        assertThatThrownBy(() -> BerthProxy.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("client_tls_key_file = " + certs.key("server-pkcs1"))
                .hasMessageContaining("BouncyCastle")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void keyOfAnotherCertificateIsRefusedAtStart() {
        ProxyConfig config = config(TestProxy.PG_PORT)
                .clientTlsSslmode(SslMode.REQUIRE)
                .clientTlsCertFile(certs.cert("server"))
                .clientTlsKeyFile(certs.key("client"))
                .build();

        assertThatThrownBy(() -> BerthProxy.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("client_tls_key_file = " + certs.key("client") + " is not the private key of"
                        + " client_tls_cert_file = " + certs.cert("server"));
    }

    @Test
    void unknownCipherIsRefusedAtStartNamingIt() {
        ProxyConfig config = clientTls(SslMode.REQUIRE)
                .apply(config(TestProxy.PG_PORT))
                .clientTlsCiphers("ECDHE-RSA-AES128-GCM-SHA256:HIGH:!aNULL")
                .build();

        assertThatThrownBy(() -> BerthProxy.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("client_tls_ciphers")
                .hasMessageContaining("HIGH is not a cipher suite");
    }

    @Test
    void namedCiphersLimitTls12AndLeaveTls13Working() throws Exception {
        try (BerthProxy proxy =
                start(clientTls(SslMode.REQUIRE).then(c -> c.clientTlsCiphers("ECDHE-RSA-AES128-GCM-SHA256")))) {
            Tools.Result r = psql(proxy, "sslmode=require", "-c", "\\conninfo");
            assertThat(r.output()).contains("SSL connection (protocol: TLSv1.3");

            Tools.Result tls12 = psql(proxy, "sslmode=require ssl_max_protocol_version=TLSv1.2", "-c", "\\conninfo");
            assertThat(tls12.output()).contains("protocol: TLSv1.2, cipher: ECDHE-RSA-AES128-GCM-SHA256");
        }
    }

    @Test
    void bytesSentAfterSslRequestBeforeTheAnswerAreRefused() throws Exception {
        try (BerthProxy proxy = start(clientTls(SslMode.PREFER));
                Socket s = new Socket("127.0.0.1", proxy.address().getPort())) {
            OutputStream out = s.getOutputStream();
            // SSLRequest and, without waiting for the answer, the start of a StartupMessage (CVE-2021-23214).
            out.write(new byte[] {0, 0, 0, 8, 4, (byte) 210, 22, 47, 0, 0, 0, 9, 0, 3, 0, 0, 0});
            out.flush();

            int answer = s.getInputStream().read();

            assertThat((char) answer).as("an ErrorResponse, not 'S'").isEqualTo('E');
        }
    }

    @Test
    void secondSslRequestInsideTlsIsRefused() throws Exception {
        try (BerthProxy proxy = start(clientTls(SslMode.REQUIRE));
                Socket s = new Socket("127.0.0.1", proxy.address().getPort())) {
            s.getOutputStream().write(SSL_REQUEST);
            assertThat((char) s.getInputStream().read()).isEqualTo('S');
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            SSLSocket tls = (SSLSocket) trustAll.getSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), true);
            tls.startHandshake();

            tls.getOutputStream().write(SSL_REQUEST);

            assertThat((char) tls.getInputStream().read())
                    .as("an ErrorResponse, not 'S'")
                    .isEqualTo('E');
        }
    }

    @Test
    void gssEncRequestIsDeclinedWhileTlsIsOffered() throws Exception {
        try (BerthProxy proxy = start(clientTls(SslMode.PREFER));
                Socket s = new Socket("127.0.0.1", proxy.address().getPort())) {
            s.getOutputStream().write(new byte[] {0, 0, 0, 8, 4, (byte) 210, 22, 48});

            assertThat((char) new DataInputStream(s.getInputStream()).readByte())
                    .isEqualTo('N');
        }
    }

    // ---- Berth to PostgreSQL (server_tls_sslmode) ----

    @Test
    void serverConnectionIsEncryptedWithRequireWithoutCheckingTheCertificate() throws Exception {
        try (TlsFront pg = new TlsFront(serverContext("stranger", false), false);
                BerthProxy proxy = start(serverTls(SslMode.REQUIRE, pg))) {
            try (Connection c = connect(proxy, sslmode("disable"))) {
                assertThat(scalar(c, "select 'through tls'")).isEqualTo("through tls");
            }
            assertThat(pg.seen).extracting(TlsFront.Seen::protocol).containsOnly("TLSv1.3");
        }
    }

    @Test
    void verifyFullAcceptsACertificateSignedByTheCaForTheTargetHost() throws Exception {
        try (TlsFront pg = new TlsFront(serverContext("server", false), false);
                BerthProxy proxy =
                        start(serverTls(SslMode.VERIFY_FULL, pg).then(c -> c.serverTlsCaFile(certs.cert("ca"))))) {
            try (Connection c = connect(proxy, sslmode("disable"))) {
                assertThat(scalar(c, "select 'verified'")).isEqualTo("verified");
            }
            assertThat(pg.seen).extracting(TlsFront.Seen::protocol).containsOnly("TLSv1.3");
        }
    }

    @Test
    void verifyFullRefusesACertificateForAnotherHostAndTheClientGets08006() throws Exception {
        try (TlsFront pg = new TlsFront(serverContext("elsewhere", false), false);
                BerthProxy proxy =
                        start(serverTls(SslMode.VERIFY_FULL, pg).then(c -> c.serverTlsCaFile(certs.cert("ca"))))) {
            assertThatThrownBy(() -> connect(proxy, sslmode("disable")))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08006"))
                    .hasMessageContaining("PostgreSQL at 127.0.0.1:" + pg.port() + " failed the TLS handshake")
                    .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1 found")
                    .hasMessageContaining("server_tls_sslmode = verify-full");
        }
    }

    @Test
    void verifyCaAcceptsACertificateForAnotherHostWhenTheCaSignedIt() throws Exception {
        try (TlsFront pg = new TlsFront(serverContext("elsewhere", false), false);
                BerthProxy proxy =
                        start(serverTls(SslMode.VERIFY_CA, pg).then(c -> c.serverTlsCaFile(certs.cert("ca"))))) {
            try (Connection c = connect(proxy, sslmode("disable"))) {
                assertThat(scalar(c, "select 'chain only'")).isEqualTo("chain only");
            }
        }
    }

    @Test
    void verifyCaRefusesACertificateTheCaDidNotSign() throws Exception {
        try (TlsFront pg = new TlsFront(serverContext("stranger", false), false);
                BerthProxy proxy =
                        start(serverTls(SslMode.VERIFY_CA, pg).then(c -> c.serverTlsCaFile(certs.cert("ca"))))) {
            assertThatThrownBy(() -> connect(proxy, sslmode("disable")))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08006"))
                    .hasMessageContaining("failed the TLS handshake")
                    .hasMessageContaining("certification path");
        }
    }

    @Test
    void requireFailsTheLoginWhenPostgresDeclinesTls() throws Exception {
        try (TlsFront pg = new TlsFront(null, false);
                BerthProxy proxy = start(serverTls(SslMode.REQUIRE, pg))) {
            assertThatThrownBy(() -> connect(proxy, sslmode("disable")))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08006"))
                    .hasMessageContaining("PostgreSQL at 127.0.0.1:" + pg.port() + " does not accept TLS")
                    .hasMessageContaining("server_tls_sslmode = require");
        }
    }

    @Test
    void preferGoesOnInPlainTextWhenPostgresDeclinesTls() throws Exception {
        try (TlsFront pg = new TlsFront(null, false);
                BerthProxy proxy = start(serverTls(SslMode.PREFER, pg))) {
            try (Connection c = connect(proxy, sslmode("disable"))) {
                assertThat(scalar(c, "select 'plain'")).isEqualTo("plain");
            }
            assertThat(pg.seen)
                    .as("an SSLRequest was sent and declined")
                    .containsOnly(new TlsFront.Seen("plain", null));
        }
    }

    @Test
    void disableSendsNoSslRequest() throws Exception {
        try (TlsFront pg = new TlsFront(serverContext("server", false), false);
                BerthProxy proxy = start(serverTls(SslMode.DISABLE, pg))) {
            try (Connection c = connect(proxy, sslmode("disable"))) {
                assertThat(scalar(c, "select 'plain'")).isEqualTo("plain");
            }
            assertThat(pg.seen).containsOnly(new TlsFront.Seen("plain", null));
        }
    }

    @Test
    void berthPresentsServerTlsCertFileToPostgres() throws Exception {
        try (TlsFront pg = new TlsFront(serverContext("server", true), true);
                BerthProxy proxy = start(serverTls(SslMode.REQUIRE, pg)
                        .then(c -> c.serverTlsCertFile(certs.cert("client")).serverTlsKeyFile(certs.key("client"))))) {
            try (Connection c = connect(proxy, sslmode("disable"))) {
                assertThat(scalar(c, "select 1")).isEqualTo("1");
            }
            assertThat(pg.seen).extracting(TlsFront.Seen::clientSubject).containsOnly("CN=postgres");
        }
    }

    @Test
    void tlsOnBothSidesCarriesQueries() throws Exception {
        try (TlsFront pg = new TlsFront(serverContext("server", false), false);
                BerthProxy proxy = start(clientTls(SslMode.VERIFY_FULL)
                        .then(c -> c.clientTlsCaFile(certs.cert("ca")))
                        .then(serverTls(SslMode.VERIFY_FULL, pg))
                        .then(c -> c.serverTlsCaFile(certs.cert("ca"))))) {
            Tools.Result r = psql(
                    proxy,
                    "sslmode=verify-full sslrootcert=" + certs.cert("ca") + " sslcert=" + certs.cert("client")
                            + " sslkey=" + certs.key("client"),
                    "-tAc",
                    "select count(*) from generate_series(1, 100000)");
            assertThat(r.output()).isEqualTo("100000");
            assertThat(pg.seen).extracting(TlsFront.Seen::protocol).containsOnly("TLSv1.3");
        }
    }

    @Test
    void disabledServerTlsShowsInPgStatSslOfTheServerConnection() throws Exception {
        try (BerthProxy proxy = start(c -> c.serverTlsSslmode(SslMode.DISABLE));
                Connection c = connect(proxy, sslmode("disable"))) {
            assertThat(scalar(c, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"))
                    .isEqualTo("f");
        }
    }

    // ---- helpers ----

    private static ProxyConfigBuilder config(int pgPort) {
        return ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .authType(AuthType.TRUST)
                .authFile(authFile)
                .serverLoginRetry(java.time.Duration.ofMillis(100))
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(pgPort)
                        .dbname("test")
                        .build());
    }

    /** Starts a proxy in front of the local PostgreSQL, or of a TlsFront when {@code tweak} says so. */
    private static BerthProxy start(UnaryOperator<ProxyConfigBuilder> tweak) throws Exception {
        return BerthProxy.start(tweak.apply(config(TestProxy.PG_PORT)).build());
    }

    private static Tweak clientTls(SslMode mode) {
        return c ->
                c.clientTlsSslmode(mode).clientTlsCertFile(certs.cert("server")).clientTlsKeyFile(certs.key("server"));
    }

    private static Tweak serverTls(SslMode mode, TlsFront front) {
        return c -> c.serverTlsSslmode(mode)
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(front.port())
                        .dbname("test")
                        .build());
    }

    /** A config change that composes. */
    @FunctionalInterface
    private interface Tweak extends UnaryOperator<ProxyConfigBuilder> {
        default Tweak then(UnaryOperator<ProxyConfigBuilder> next) {
            return c -> next.apply(apply(c));
        }
    }

    private static SslContext serverContext(String name, boolean needClientCert) throws Exception {
        SslContextBuilder b = SslContextBuilder.forServer(
                        certs.cert(name).toFile(), certs.key(name).toFile())
                .sslProvider(SslProvider.JDK);
        if (needClientCert) {
            b.trustManager(certs.cert("ca").toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        return b.build();
    }

    private static Properties sslmode(String mode) {
        Properties p = new Properties();
        p.setProperty("sslmode", mode);
        return p;
    }

    private static Connection connect(BerthProxy proxy, Properties extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.putAll(extra);
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/test", p);
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Tools.Result psql(BerthProxy proxy, String conninfo, String... args) throws Exception {
        return Tools.psql(proxy.address().getPort(), "dbname=test " + conninfo, null, args);
    }
}
