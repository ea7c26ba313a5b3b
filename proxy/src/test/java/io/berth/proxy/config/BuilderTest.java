package io.berth.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuilderTest {
    @Test
    void aConfigBuiltInCodeHasPgBouncersDefaults() {
        ProxyConfig config = ProxyConfig.custom().authType(AuthType.TRUST).build();

        assertThat(config.listenAddr()).isEmpty();
        assertThat(config.listenPort()).isEqualTo(6432);
        assertThat(config.unixSocketDir()).contains("/tmp");
        assertThat(config.unixSocketMode()).isEqualTo(0777);
        assertThat(config.poolMode()).isEqualTo(PoolMode.SESSION);
        assertThat(config.maxClientConn()).isEqualTo(100);
        assertThat(config.defaultPoolSize()).isEqualTo(20);
        assertThat(config.minPoolSize()).isZero();
        assertThat(config.reservePoolSize()).isZero();
        assertThat(config.reservePoolTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxDbConnections()).isZero();
        assertThat(config.maxUserConnections()).isZero();
        assertThat(config.serverLifetime()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(config.serverIdleTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(config.serverConnectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.serverLoginRetry()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.serverResetQuery()).contains("DISCARD ALL");
        assertThat(config.serverResetQueryAlways()).isFalse();
        assertThat(config.serverCheckQuery()).contains("select 1");
        assertThat(config.serverCheckDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.queryTimeout()).isZero();
        assertThat(config.queryWaitTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.clientIdleTimeout()).isZero();
        assertThat(config.clientLoginTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.idleTransactionTimeout()).isZero();
        assertThat(config.statsPeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxPreparedStatements()).isEqualTo(200);
        assertThat(config.pktBuf()).isEqualTo(4096);
        assertThat(config.listenBacklog()).isEqualTo(128);
        assertThat(config.maxPacketSize()).isEqualTo(2_147_483_647L);
        assertThat(config.tcpKeepalive()).isTrue();
        assertThat(config.logConnections()).isTrue();
        assertThat(config.logDisconnections()).isTrue();
        assertThat(config.logPoolerErrors()).isTrue();
        assertThat(config.clientTlsSslmode()).isEqualTo(SslMode.DISABLE);
        assertThat(config.serverTlsSslmode()).isEqualTo(SslMode.PREFER);
        assertThat(config.clientTlsCiphers()).isEqualTo("default");
        assertThat(config.serverTlsProtocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(config.authQuery()).startsWith("SELECT rolname");
        assertThat(config.adminHttpAddr()).isEmpty();
        assertThat(config.source()).isNull();
        assertThat(config.warnings())
                .containsExactly("auth_type = trust without auth_file: Berth lets any user"
                        + " name in (PgBouncer would refuse every user missing from auth_file)");
    }

    @Test
    void aTestCanBuildAProxyConfigWithDatabasesAndUsers() {
        ProxyConfig config = ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .poolMode(PoolMode.TRANSACTION)
                .authType(AuthType.MD5)
                .authFile(Path.of("userlist.txt"))
                .serverIdleTimeout(Duration.ofMillis(250))
                .adminHttpAddr("[::1]:0")
                .database(DatabaseConfig.custom("app")
                        .host("127.0.0.1")
                        .port(5432)
                        .poolSize(5)
                        .build())
                .user(UserConfig.custom("batch").poolMode(PoolMode.SESSION).build())
                .build();

        assertThat(config.listenPort()).isZero();
        assertThat(config.serverIdleTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.adminHttpAddr())
                .get()
                .extracting(InetSocketAddress::getPort, a -> a.getAddress().isLoopbackAddress())
                .containsExactly(0, true);
        DatabaseConfig app = config.database("app").orElseThrow();
        assertThat(config.poolMode(app, "batch")).isEqualTo(PoolMode.SESSION);
        assertThat(config.poolMode(app, "web")).isEqualTo(PoolMode.TRANSACTION);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void fromCopiesEverythingAndChangesOnlyWhatIsSet() throws ConfigException {
        ProxyConfig base = ProxyConfig.parse(
                "[pgbouncer]\nauth_type = any\ndefault_pool_size = 9\nbogus = 1\n[databases]\napp = host=a\n", null);

        ProxyConfig changed = ProxyConfig.from(base).listenPort(7777).build();

        assertThat(changed.listenPort()).isEqualTo(7777);
        assertThat(changed.defaultPoolSize()).isEqualTo(9);
        assertThat(changed.databases()).containsOnlyKeys("app");
        assertThat(changed.warnings()).isEqualTo(base.warnings());
        assertThat(base.listenPort()).isEqualTo(6432);
        assertThat(base.toBuilder().build().describe()).isEqualTo(base.describe());
    }

    @Test
    void settingTakesPgBouncerTextAsTheAdminConsolesSetWould() {
        ProxyConfig config = ProxyConfig.custom()
                .setting("auth_type", "trust")
                .setting("Query_Wait_Timeout", "2.5")
                .setting("pool_mode", "transaction")
                .build();

        assertThat(config.queryWaitTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.poolMode()).isEqualTo(PoolMode.TRANSACTION);
        assertThatThrownBy(() -> ProxyConfig.custom().setting("no_such", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown setting \"no_such\"");
        assertThatThrownBy(() -> ProxyConfig.custom().setting("default_pool_size", "0"))
                .hasMessage("default_pool_size = 0 is invalid: must be between 1 and 10000");
    }

    @Test
    void databaseBuilderValidatesAtOnceAndNamesTheDatabase() {
        assertThatThrownBy(() -> DatabaseConfig.custom("app").poolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("database \"app\": pool_size = 0 is invalid: must be between 1 and 10000");
        assertThatThrownBy(() -> DatabaseConfig.custom("app").port(0))
                .hasMessage("database \"app\": port = 0 is invalid: must be between 1 and 65535");
        assertThatThrownBy(() -> DatabaseConfig.custom("pgbouncer"))
                .hasMessageStartingWith("database name \"pgbouncer\" is reserved");
        assertThatThrownBy(() -> UserConfig.custom("bob").maxUserConnections(-1))
                .hasMessage("user \"bob\": max_user_connections = -1 is invalid: must be between 0 and 1000000");
    }

    @Test
    void replacingADatabaseKeepsItsPlace() {
        ProxyConfig config = ProxyConfig.custom()
                .authType(AuthType.ANY)
                .database(DatabaseConfig.custom("a").build())
                .database(DatabaseConfig.custom("b").build())
                .database(DatabaseConfig.custom("a").host("new").build())
                .build();

        assertThat(config.databases().keySet()).containsExactly("a", "b");
        assertThat(config.database("a").orElseThrow().host()).contains("new");
    }

    @Test
    void databaseConfigsAreValues() {
        DatabaseConfig one = DatabaseConfig.custom("app").host("h").poolSize(3).build();

        assertThat(DatabaseConfig.from(one).build()).isEqualTo(one).hasSameHashCodeAs(one);
        assertThat(DatabaseConfig.from(one).poolSize(null).build()).isNotEqualTo(one);
        assertThat(one.toString()).isEqualTo("DatabaseConfig[app = host=h pool_size=3]");
    }

    @Test
    void authTypeNamesAreThoseOfPgBouncer() {
        assertThat(AuthType.fromConfigName("SCRAM-SHA-256")).contains(AuthType.SCRAM_SHA_256);
        assertThat(AuthType.fromConfigName("pam")).isEmpty();
        assertThat(SslMode.fromConfigName("verify-full")).contains(SslMode.VERIFY_FULL);
        assertThat(AuthType.ANY.needsPassword()).isFalse();
        assertThat(AuthType.MD5.needsPassword()).isTrue();
    }
}
