package io.berth.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad value is refused with the file and line, the setting, the value and what is allowed. */
class InvalidValueTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            default_pool_size         | -3        | must be between 1 and 10000
            default_pool_size         | 0         | must be between 1 and 10000
            default_pool_size         | twenty    | must be an integer between 1 and 10000
            min_pool_size             | 10001     | must be between 0 and 10000
            reserve_pool_size         | -1        | must be between 0 and 10000
            max_client_conn           | 0         | must be between 1 and 1000000
            max_db_connections        | -1        | must be between 0 and 1000000
            max_user_connections      | 2000000   | must be between 0 and 1000000
            max_prepared_statements   | -5        | must be between 0 and 1000000
            listen_port               | 65536     | must be between 0 and 65535
            listen_port               | 99999999999 | must be an integer between 0 and 65535
            listen_backlog            | 0         | must be between 1 and 65535
            pkt_buf                   | 100       | must be between 512 and 16777216
            max_packet_size           | 10        | must be between 1024 and 4294967295
            unix_socket_mode          | 01000     | must be between 0 and 0777
            pool_mode                 | sessions  | must be one of session, transaction, statement
            auth_type                 | crypt     | must be one of any, trust, plain, md5, scram-sha-256
            auth_type                 | pam       | Berth does not support pam authentication; must be one of any, trust, plain, md5, scram-sha-256
            auth_type                 | cert      | Berth does not support cert authentication; must be one of any, trust, plain, md5, scram-sha-256
            auth_type                 | hba       | Berth does not support hba authentication; must be one of any, trust, plain, md5, scram-sha-256
            client_tls_sslmode        | on        | must be one of disable, allow, prefer, require, verify-ca, verify-full
            server_tls_sslmode        | verify    | must be one of disable, allow, prefer, require, verify-ca, verify-full
            client_tls_protocols      | tlsv1.4   | must be a list of all, secure, legacy, tlsv1.0, tlsv1.1, tlsv1.2, tlsv1.3 (each may be negated with !)
            server_tls_protocols      | !all      | must allow at least one protocol
            server_idle_timeout       | -1        | must be a time value between 0 and 2147483647 seconds: seconds (fractions allowed) or a number with a unit us, ms, s, min, h or d
            server_lifetime           | 1 hour    | must be a time value between 0 and 2147483647 seconds: seconds (fractions allowed) or a number with a unit us, ms, s, min, h or d
            query_timeout             | 5 weeks   | must be a time value between 0 and 2147483647 seconds: seconds (fractions allowed) or a number with a unit us, ms, s, min, h or d
            query_wait_timeout        | 1e10      | must be a time value between 0 and 2147483647 seconds: seconds (fractions allowed) or a number with a unit us, ms, s, min, h or d
            stats_period              | 0.5       | must be between 1 and 2147483647 seconds
            log_connections           | maybe     | must be a boolean: 0 or 1, yes or no, on or off, true or false
            admin_http_addr           | localhost | must be host:port (port 0 to 65535; *:port for all addresses, [v6]:port for IPv6), or empty for off
            admin_http_addr           | :70000    | must be host:port (port 0 to 65535; *:port for all addresses, [v6]:port for IPv6), or empty for off
            admin_http_addr           | ::1:8080  | must be host:port (port 0 to 65535; *:port for all addresses, [v6]:port for IPv6), or empty for off
            admin_http_addr           | 300.1.1.1:80 | must be host:port (port 0 to 65535; *:port for all addresses, [v6]:port for IPv6), or empty for off
            """)
    void aBadValueNamesFileLineSettingValueAndAllowedRange(String setting, String value, String allowed) {
        String text = "[pgbouncer]\nauth_type = trust\n\n" + setting + " = " + value + "\n";

        assertThatThrownBy(() -> ProxyConfig.parse(text, dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<text>:4: " + setting + " = " + value + " is invalid: " + allowed);
    }

    @Test
    void anEmptyNumberIsShownAsEmptyQuotes() {
        assertThatThrownBy(() -> ProxyConfig.parse("[pgbouncer]\nauth_type = trust\nlisten_port =\n", dir))
                .hasMessage("<text>:3: listen_port = \"\" is invalid: must be an integer between 0 and 65535");
    }

    @Test
    void theBuilderRefusesTheSameValuesWithTheSameMessage() {
        assertThatThrownBy(() -> ProxyConfig.custom().defaultPoolSize(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default_pool_size = -3 is invalid: must be between 1 and 10000");
        assertThatThrownBy(() -> ProxyConfig.custom().serverIdleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server_idle_timeout = -1 is invalid: must be between 0 and 2147483647 seconds");
        assertThatThrownBy(() -> ProxyConfig.custom().statsPeriod(Duration.ofMillis(10)))
                .hasMessage("stats_period = 0.01 is invalid: must be between 1 and 2147483647 seconds");
        assertThatThrownBy(() -> ProxyConfig.custom().listenPort(70000))
                .hasMessage("listen_port = 70000 is invalid: must be between 0 and 65535");
        assertThatThrownBy(() -> ProxyConfig.custom().unixSocketMode(01777))
                .hasMessage("unix_socket_mode = 01777 is invalid: must be between 0 and 0777");
        assertThatThrownBy(() -> ProxyConfig.custom().clientTlsProtocols("sslv3"))
                .hasMessageStartingWith("client_tls_protocols = sslv3 is invalid: must be a list of all, secure");
        assertThatThrownBy(() -> ProxyConfig.custom().adminHttpAddr("nowhere"))
                .hasMessageStartingWith("admin_http_addr = nowhere is invalid: must be host:port");
        assertThatThrownBy(() -> ProxyConfig.custom().listenAddr("a b"))
                .hasMessageStartingWith("listen_addr = a b is invalid: must be a list of non-empty items");
    }

    @Test
    void aPasswordAuthTypeWithoutAuthFileIsRefused() {
        assertThatThrownBy(() -> ProxyConfig.parse("[pgbouncer]\nlisten_port = 6432\n", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<text>: auth_type = md5 needs auth_file (or auth_user with auth_query) to check"
                        + " passwords: set auth_file to a userlist.txt, or choose auth_type = trust");
        assertThatThrownBy(() -> ProxyConfig.parse("[pgbouncer]\n\nauth_type = scram-sha-256\n", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("<text>:3: auth_type = scram-sha-256 needs auth_file");
        assertThatThrownBy(() -> ProxyConfig.custom().authType(AuthType.PLAIN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("auth_type = plain needs auth_file");
    }

    @Test
    void authUserWithAuthQueryReplacesAuthFile() throws ConfigException {
        ProxyConfig global = ProxyConfig.parse("[pgbouncer]\nauth_user = pgbouncer\n", dir);
        ProxyConfig perDatabase = ProxyConfig.parse("[databases]\napp = host=db auth_user=lookup\n[pgbouncer]\n", dir);

        assertThat(global.authUser()).contains("pgbouncer");
        assertThat(perDatabase.database("app").orElseThrow().authUser(perDatabase))
                .contains("lookup");
    }

    @Test
    void clientTlsNeedsAKeyAndACertificate() {
        assertThatThrownBy(() -> ProxyConfig.parse(
                        "[pgbouncer]\nauth_type = trust\nclient_tls_sslmode = require\nclient_tls_key_file = k.pem\n",
                        dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<text>:3: client_tls_sslmode = require needs client_tls_key_file and"
                        + " client_tls_cert_file: set both, or use client_tls_sslmode = disable");
        assertThatThrownBy(() -> ProxyConfig.parse(
                        "[pgbouncer]\nauth_type = trust\nclient_tls_sslmode = verify-full\n"
                                + "client_tls_key_file = k.pem\nclient_tls_cert_file = c.pem\n",
                        dir))
                .hasMessage("<text>:3: client_tls_sslmode = verify-full needs client_tls_ca_file to check client"
                        + " certificates");
    }

    @Test
    void aServerTlsKeyWithoutCertificateIsRefused() {
        assertThatThrownBy(() ->
                        ProxyConfig.parse("[pgbouncer]\nauth_type = trust\n\nserver_tls_key_file = /k.pem\n", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "<text>:4: server_tls_key_file is set without server_tls_cert_file: set both or" + " neither");
    }

    @Test
    void clientTlsWithKeyCertificateAndCaIsAccepted() throws ConfigException {
        ProxyConfig config = ProxyConfig.parse("""
                [pgbouncer]
                auth_type = trust
                client_tls_sslmode = verify-ca
                client_tls_key_file = tls/server.key
                client_tls_cert_file = tls/server.crt
                client_tls_ca_file = /etc/ssl/ca.pem
                server_tls_sslmode = verify-full
                """, dir);

        assertThat(config.clientTlsSslmode()).isEqualTo(SslMode.VERIFY_CA);
        assertThat(config.clientTlsKeyFile()).contains(dir.resolve("tls/server.key"));
        assertThat(config.clientTlsCaFile()).contains(Path.of("/etc/ssl/ca.pem"));
        assertThat(config.serverTlsSslmode()).isEqualTo(SslMode.VERIFY_FULL);
    }

    @Test
    void suspiciousButValidCombinationsAreWarnedAboutNotChanged() throws ConfigException {
        ProxyConfig config = ProxyConfig.parse("""
                [pgbouncer]
                auth_type = trust
                default_pool_size = 5
                min_pool_size = 8
                auth_hba_file = hba.conf
                [databases]
                app = pool_size=2 min_pool_size=3
                """, dir);

        assertThat(config.minPoolSize()).isEqualTo(8);
        assertThat(config.authHbaFile()).contains(dir.resolve("hba.conf"));
        assertThat(config.warnings())
                .containsExactly(
                        "<text>:2: auth_type = trust without auth_file: Berth lets any user name in (PgBouncer"
                                + " would refuse every user missing from auth_file)",
                        "<text>:5: auth_hba_file is not supported by Berth (there is no auth_type = hba), ignored",
                        "<text>:4: min_pool_size = 8 exceeds default_pool_size = 5: pools using the default never"
                                + " grow past 5",
                        "<text>:7: database \"app\": min_pool_size 3 exceeds pool_size 2: its pools never grow past"
                                + " 2");
    }
}
