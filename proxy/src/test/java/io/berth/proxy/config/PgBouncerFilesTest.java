package io.berth.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real PgBouncer files: the ones the Debian package installs, and the example of PgBouncer's manual. */
class PgBouncerFilesTest {
    private static final List<Path> INSTALLED_EXAMPLES = List.of(
            Path.of("/etc/pgbouncer/pgbouncer.ini"), Path.of("/usr/share/doc/pgbouncer/examples/pgbouncer.ini"));

    /** Lines such as {@code ;pool_mode = session} or {@code ; foodb = auth_user=bar}: a commented example. */
    private static final Pattern COMMENTED_EXAMPLE = Pattern.compile("^; ?([A-Za-z_*][A-Za-z0-9_.*-]*\\s*=.*)$");

    @TempDir
    Path dir;

    private static Path installedExample() {
        Path found = INSTALLED_EXAMPLES.stream()
                .filter(Files::isReadable)
                .findFirst()
                .orElse(null);
        assumeTrue(found != null, "PgBouncer's Debian package is not installed here");
        return found;
    }

    @Test
    void debianPackagesPgbouncerIniLoadsAsIsWithoutErrorsOrWarnings() throws Exception {
        Path file = installedExample();

        ProxyConfig config = ProxyConfig.load(file);

        assertThat(config.warnings()).isEmpty();
        assertThat(config.source()).isEqualTo(file);
        assertThat(config.logfile()).contains(Path.of("/var/log/postgresql/pgbouncer.log"));
        assertThat(config.pidfile()).contains(Path.of("/var/run/postgresql/pgbouncer.pid"));
        assertThat(config.listenAddr()).containsExactly("localhost");
        assertThat(config.listenPort()).isEqualTo(6432);
        assertThat(config.unixSocketDir()).contains("/var/run/postgresql");
        assertThat(config.authType()).isEqualTo(AuthType.MD5);
        assertThat(config.authFile()).contains(Path.of("/etc/pgbouncer/userlist.txt"));
        assertThat(config.databases()).isEmpty();
        assertThat(config.users()).isEmpty();
        // everything else is PgBouncer's default
        assertThat(config.poolMode()).isEqualTo(PoolMode.SESSION);
        assertThat(config.maxClientConn()).isEqualTo(100);
        assertThat(config.defaultPoolSize()).isEqualTo(20);
        assertThat(config.serverIdleTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(config.serverResetQuery()).contains("DISCARD ALL");
    }

    @Test
    void everyCommentedExampleInTheDebianFileIsAcceptedWhenUncommented() throws Exception {
        String original = Files.readString(installedExample());
        String uncommented = original.lines()
                .map(l -> {
                    var m = COMMENTED_EXAMPLE.matcher(l);
                    return m.matches() ? m.group(1) : l;
                })
                .collect(Collectors.joining("\n"));
        Path file = dir.resolve("pgbouncer.ini");
        Files.writeString(file, uncommented);

        ProxyConfig config = ProxyConfig.load(file);

        assertThat(config.databases()).containsOnlyKeys("foodb", "bardb", "forcedb", "nondefaultdb", "*");
        // "; foodb = auth_user=bar" comes later in the file and replaces "foodb =", in its place
        assertThat(config.databases().keySet()).first().isEqualTo("foodb");
        assertThat(config.database("foodb").orElseThrow().authUser()).contains("bar");
        DatabaseConfig bardb = config.database("bardb").orElseThrow();
        assertThat(bardb.host()).contains("localhost");
        assertThat(bardb.dbname()).isEqualTo("bazdb");
        DatabaseConfig forcedb = config.database("forcedb").orElseThrow();
        assertThat(forcedb.port()).isEqualTo(300);
        assertThat(forcedb.user()).contains("baz");
        assertThat(forcedb.password()).contains("foo");
        assertThat(forcedb.clientEncoding()).contains("UNICODE");
        assertThat(forcedb.datestyle()).contains("ISO");
        assertThat(forcedb.connectQuery()).contains("SELECT 1");
        DatabaseConfig nondefault = config.database("nondefaultdb").orElseThrow();
        assertThat(nondefault.poolSize()).hasValue(50);
        assertThat(nondefault.reservePoolSize()).hasValue(10);
        assertThat(config.database("anything").orElseThrow().host()).contains("testserver");
        UserConfig user1 = config.user("user1").orElseThrow();
        assertThat(user1.poolMode()).contains(PoolMode.TRANSACTION);
        assertThat(user1.maxUserConnections()).hasValue(10);

        assertThat(config.adminUsers()).containsExactly("user2", "someadmin", "otheradmin");
        assertThat(config.statsUsers()).containsExactly("stats", "root");
        assertThat(config.ignoreStartupParameters()).containsExactly("extra_float_digits");
        assertThat(config.serverCheckQuery()).contains("select 1");
        assertThat(config.serverTlsSslmode()).isEqualTo(SslMode.DISABLE);
        assertThat(config.clientTlsProtocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(config.autodbIdleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(config.warnings()).noneMatch(w -> w.contains("unknown setting"));
        // the examples that differ from PgBouncer's defaults for settings Berth does not implement
        assertThat(config.warnings())
                .allMatch(w -> w.contains("Berth does not implement"))
                .anyMatch(w -> w.contains("\"resolv_conf\""));
    }

    @Test
    void theSmallExampleOfPgBouncersManualLoadsWithFilesRelativeToItsDirectory() throws Exception {
        Files.writeString(dir.resolve("pgbouncer.ini"), """
                [databases]
                template1 = host=localhost dbname=template1 auth_user=someuser

                [pgbouncer]
                pool_mode = session
                listen_port = 6432
                listen_addr = localhost
                auth_type = md5
                auth_file = users.txt
                logfile = pgbouncer.log
                pidfile = pgbouncer.pid
                admin_users = someuser
                stats_users = stat_collector
                """);

        ProxyConfig config = ProxyConfig.load(dir.resolve("pgbouncer.ini"));

        assertThat(config.warnings()).isEmpty();
        assertThat(config.authFile()).contains(dir.resolve("users.txt"));
        assertThat(config.logfile()).contains(dir.resolve("pgbouncer.log"));
        assertThat(config.pidfile()).contains(dir.resolve("pgbouncer.pid"));
        assertThat(config.adminUsers()).containsExactly("someuser");
        assertThat(config.statsUsers()).containsExactly("stat_collector");
        DatabaseConfig template1 = config.database("template1").orElseThrow();
        assertThat(template1.authUser(config)).contains("someuser");
        assertThat(template1.poolSize(config)).isEqualTo(20);
    }

    @Test
    void everySettingOfPgBouncer125IsRecognisedSoNoneIsWarnedAboutAsUnknown() throws ConfigException {
        // names from PgBouncer 1.25's src/main.c, which SHOW CONFIG lists
        List<String> names = List.of(
                        "admin_users application_name_add_host auth_dbname auth_file auth_hba_file auth_ident_file"
                                .split(" "),
                        "auth_ldap_options auth_query auth_type auth_user autodb_idle_timeout cancel_wait_timeout"
                                .split(" "),
                        "client_idle_timeout client_login_timeout client_tls13_ciphers client_tls_ca_file".split(" "),
                        "client_tls_cert_file client_tls_ciphers client_tls_dheparams client_tls_ecdhcurve".split(" "),
                        "client_tls_key_file client_tls_protocols client_tls_sslmode conffile default_pool_size"
                                .split(" "),
                        "disable_pqexec dns_max_ttl dns_nxdomain_ttl dns_zone_check_period idle_transaction_timeout"
                                .split(" "),
                        "ignore_startup_parameters job_name listen_addr listen_backlog listen_port log_connections"
                                .split(" "),
                        "log_disconnections log_pooler_errors log_stats logfile login_notify_message max_client_conn"
                                .split(" "),
                        "max_db_client_connections max_db_connections max_packet_size max_prepared_statements"
                                .split(" "),
                        "max_user_client_connections max_user_connections min_pool_size peer_id pidfile pkt_buf"
                                .split(" "),
                        "pool_mode pool_idle_timeout query_timeout query_wait_notify query_wait_timeout".split(" "),
                        "reserve_pool_size reserve_pool_timeout resolv_conf sbuf_loopcnt scram_iterations".split(" "),
                        "server_check_delay server_check_query server_connect_timeout server_fast_close".split(" "),
                        "server_idle_timeout server_lifetime server_login_retry server_reset_query".split(" "),
                        "server_reset_query_always server_round_robin server_tls13_ciphers server_tls_ca_file"
                                .split(" "),
                        "server_tls_cert_file server_tls_ciphers server_tls_key_file server_tls_protocols".split(" "),
                        "server_tls_sslmode service_name so_reuseport stats_period stats_users suspend_timeout"
                                .split(" "),
                        "syslog syslog_facility syslog_ident tcp_defer_accept tcp_keepalive tcp_keepcnt tcp_keepidle"
                                .split(" "),
                        "tcp_keepintvl tcp_socket_buffer tcp_user_timeout track_extra_parameters transaction_timeout"
                                .split(" "),
                        "unix_socket_dir unix_socket_group unix_socket_mode user verbose".split(" "))
                .stream()
                .flatMap(java.util.Arrays::stream)
                .toList();
        assertThat(names).hasSize(101);

        List<String> keys = ProxyConfig.custom().authType(AuthType.TRUST).build().describe().stream()
                .map(ConfigSetting::key)
                .toList();

        assertThat(keys).containsAll(names);
        assertThat(keys)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
                                names.stream(),
                                java.util.stream.Stream.of(
                                        "admin_http_addr",
                                        "admin_http_token",
                                        "log_format",
                                        "session_features",
                                        "trace_transactions"))
                        .toList());
        assertThat(keys).isSorted();
    }

    @Test
    void aDefaultValueWrittenOutForAnIgnoredSettingDrawsNoWarning() throws ConfigException {
        ProxyConfig config = ProxyConfig.parse("""
                [pgbouncer]
                auth_type = any
                tcp_keepcnt = 0
                syslog_ident = pgbouncer
                tcp_keepcnt = 5
                """, dir);

        assertThat(config.warnings())
                .containsExactly("<text>:5: \"tcp_keepcnt\" is a PgBouncer setting Berth does not implement, ignored");
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
