package io.berth.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniSyntaxTest {
    @TempDir
    Path dir;

    private ProxyConfig parse(String text) throws ConfigException {
        return ProxyConfig.parse(text, dir);
    }

    @Test
    void berthSectionIsAnAliasOfPgbouncerWithTheSameKeys() throws ConfigException {
        ProxyConfig config = parse("""
                [berth]
                auth_type = trust
                listen_port = 7000
                pool_mode = transaction
                admin_http_addr = 127.0.0.1:8080
                """);

        assertThat(config.listenPort()).isEqualTo(7000);
        assertThat(config.poolMode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(config.adminHttpAddr()).hasValueSatisfying(a -> {
            assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(a.getPort()).isEqualTo(8080);
        });
    }

    @Test
    void unknownSettingIsWarnedAboutByNameWithFileAndLine() throws Exception {
        Path file = PgBouncerFilesTest.write(dir, "pgbouncer.ini", """
                ;; a comment
                # another comment
                [pgbouncer]
                auth_type = any
                foo_bar = 1
                """);

        ProxyConfig config = ProxyConfig.load(file);

        assertThat(config.warnings()).containsExactly(file + ":5: unknown setting \"foo_bar\" in [pgbouncer], ignored");
    }

    @Test
    void settingNamesAndSectionNamesAreCaseInsensitive() throws ConfigException {
        ProxyConfig config = parse("""
                [PgBouncer]
                AUTH_TYPE = trust
                Default_Pool_Size = 7
                """);

        assertThat(config.defaultPoolSize()).isEqualTo(7);
        assertThat(config.warnings()).noneMatch(w -> w.contains("unknown"));
    }

    @Test
    void commentsAreOnlyWholeLinesSoATrailingSemicolonIsPartOfTheValue() {
        assertThatThrownBy(() -> parse("""
                        [pgbouncer]
                        auth_type = trust
                        listen_port = 6432 ; the default
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<text>:3: listen_port = 6432 ; the default is invalid: must be an integer between 0 and"
                        + " 65535");
    }

    @Test
    void leadingWhiteSpaceAndCarriageReturnsAreIgnored() throws ConfigException {
        ProxyConfig config = parse("[pgbouncer]\r\n   auth_type = trust\r\n\tlisten_port=6000   \r\n");

        assertThat(config.listenPort()).isEqualTo(6000);
    }

    @Test
    void theLastValueOfASettingWins() throws ConfigException {
        ProxyConfig config = parse("""
                [pgbouncer]
                auth_type = trust
                max_client_conn = 10
                max_client_conn = 500
                """);

        assertThat(config.maxClientConn()).isEqualTo(500);
    }

    @Test
    void aFileWithoutPgbouncerSectionIsRefused() {
        assertThatThrownBy(() -> parse("[databases]\napp = host=db\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("<text>: no [pgbouncer] section");
    }

    @Test
    void aSettingBeforeAnySectionIsRefusedWithItsLine() {
        assertThatThrownBy(() -> parse("listen_port = 1\n[pgbouncer]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("<text>:1: \"listen_port\" is outside any section");
    }

    @Test
    void anUnknownSectionIsRefusedAndNamesTheAllowedOnes() {
        assertThatThrownBy(() -> parse("[pgbouncer]\nauth_type = trust\n[database]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<text>:3: unknown section [database]: must be one of [databases], [users], [peers],"
                        + " [pgbouncer] (or [berth])");
    }

    @Test
    void peersSectionIsWarnedAboutAndIgnored() throws ConfigException {
        ProxyConfig config = parse("""
                [pgbouncer]
                auth_type = any
                [peers]
                1 = host=/tmp/pgbouncer-1
                2 = host=10.0.0.2 port=6432
                """);

        assertThat(config.warnings()).singleElement().asString().startsWith("<text>:3: [peers] is not supported");
        assertThat(config.databases()).isEmpty();
    }

    @Test
    void aLineWithoutEqualsSignIsASyntaxErrorWithItsLine() {
        assertThatThrownBy(() -> parse("[pgbouncer]\nauth_type = trust\nlisten_port 6432\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "<text>:3: syntax error: expected key = value, found no '=' after" + " \"listen_port\"");
    }

    @Test
    void ignoredPgBouncerSettingsAreStillCheckedLikePgBouncerChecksThem() {
        assertThatThrownBy(() -> parse("[pgbouncer]\nauth_type = trust\ntcp_keepcnt = many\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<text>:3: tcp_keepcnt = many is invalid: must be an integer");
        assertThatThrownBy(() -> parse("[pgbouncer]\nauth_type = trust\ndns_max_ttl = soon\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("<text>:3: dns_max_ttl = soon is invalid: must be a time value");
    }

    @Test
    void integersAreReadLikeCsStrtolSoALeadingZeroIsOctal() throws ConfigException {
        ProxyConfig config = parse("""
                [pgbouncer]
                auth_type = trust
                unix_socket_mode = 0770
                max_client_conn = 0x100
                """);

        assertThat(config.unixSocketMode()).isEqualTo(0770);
        assertThat(config.maxClientConn()).isEqualTo(256);
    }

    @Test
    void booleansAcceptNumbersAndWords() throws ConfigException {
        ProxyConfig config = parse("""
                [pgbouncer]
                auth_type = trust
                log_connections = off
                log_disconnections = no
                server_round_robin = yes
                application_name_add_host = true
                server_reset_query_always = 1
                tcp_keepalive = 0
                """);

        assertThat(config.logConnections()).isFalse();
        assertThat(config.logDisconnections()).isFalse();
        assertThat(config.serverRoundRobin()).isTrue();
        assertThat(config.applicationNameAddHost()).isTrue();
        assertThat(config.serverResetQueryAlways()).isTrue();
        assertThat(config.tcpKeepalive()).isFalse();
    }

    @Test
    void timeValuesAreSecondsWithFractionsOrCarryAUnit() throws ConfigException {
        ProxyConfig config = parse("""
                [pgbouncer]
                auth_type = trust
                server_idle_timeout = 0.5
                server_lifetime = 2h
                query_wait_timeout = 1500ms
                client_login_timeout = 2min
                server_connect_timeout = 15s
                server_check_delay = 250us
                autodb_idle_timeout = 1d
                idle_transaction_timeout = 0
                reserve_pool_timeout = 1.5e1
                """);

        assertThat(config.serverIdleTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.serverLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(config.queryWaitTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.clientLoginTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.serverConnectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.serverCheckDelay()).isEqualTo(Duration.ofNanos(250_000));
        assertThat(config.autodbIdleTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(config.idleTransactionTimeout()).isZero();
        assertThat(config.reservePoolTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void timeValuesAreShownAsPgBouncerShowsThemInSeconds() throws ConfigException {
        ProxyConfig config = parse("[pgbouncer]\nauth_type = trust\nserver_idle_timeout = 250ms\n");

        assertThat(config.describe())
                .filteredOn(s -> s.key().equals("server_idle_timeout"))
                .containsExactly(new ConfigSetting("server_idle_timeout", "0.25", "600", true));
    }

    @Test
    void emptyServerCheckQueryDisablesChecksAndEmptyMarkerSendsAnEmptyQuery() throws ConfigException {
        assertThat(parse("[pgbouncer]\nauth_type = trust\nserver_check_query =\n")
                        .serverCheckQuery())
                .isEmpty();
        assertThat(parse("[pgbouncer]\nauth_type = trust\nserver_check_query = <empty>\n")
                        .serverCheckQuery())
                .contains("");
        assertThat(parse("[pgbouncer]\nauth_type = trust\n").serverCheckQuery()).contains("select 1");
    }

    @Test
    void listsAreSplitOnCommasAndSpaces() throws ConfigException {
        ProxyConfig config = parse("""
                [pgbouncer]
                auth_type = trust
                listen_addr = 127.0.0.1, ::1
                ignore_startup_parameters = extra_float_digits,options
                """);

        assertThat(config.listenAddr()).containsExactly("127.0.0.1", "::1");
        assertThat(config.ignoreStartupParameters()).containsExactly("extra_float_digits", "options");
    }

    @Test
    void tlsProtocolsAreTranslatedToJdkNames() throws ConfigException {
        ProxyConfig config = parse("""
                [pgbouncer]
                auth_type = trust
                client_tls_protocols = all,!tlsv1.0
                server_tls_protocols = tlsv1.3
                """);

        assertThat(config.clientTlsProtocols()).containsExactly("TLSv1.1", "TLSv1.2", "TLSv1.3");
        assertThat(config.serverTlsProtocols()).containsExactly("TLSv1.3");
    }

    @Test
    void describeListsEveryKeyWithValueDefaultAndWhetherReloadChangesIt() throws Exception {
        Path file = PgBouncerFilesTest.write(dir, "pgbouncer.ini", "[pgbouncer]\nauth_type = trust\nlisten_port = 7\n");

        ProxyConfig config = ProxyConfig.load(file);

        assertThat(config.describe())
                .contains(
                        new ConfigSetting("listen_port", "7", "6432", false),
                        new ConfigSetting("auth_type", "trust", "md5", true),
                        new ConfigSetting("unix_socket_mode", "0777", "0777", false),
                        new ConfigSetting("conffile", file.toString(), "", true),
                        new ConfigSetting("admin_http_addr", "", "", false),
                        new ConfigSetting("server_lifetime", "3600", "3600", true));
    }

    @Test
    void aFileThatIsNotUtf8IsReadByteForByte() throws Exception {
        Path file = dir.resolve("latin1.ini");
        Files.write(
                file,
                "[pgbouncer]\nauth_type = trust\n[databases]\n\"caf\u00e9\" = host=x\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(ProxyConfig.load(file).databases()).containsOnlyKeys("caf\u00e9");
    }

    @Test
    void aNameWithOtherCharactersMustBeQuoted() {
        assertThatThrownBy(() -> parse("[pgbouncer]\nauth_type = trust\n[databases]\nmy db = host=x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("<text>:4: syntax error")
                .hasMessageContaining("must be quoted");
    }
}
