package io.berth.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-database and per-user timeouts and client limits: user over database over [pgbouncer]. */
class EntryOverridesTest {
    @TempDir
    Path dir;

    private ProxyConfig parse(String text) throws ConfigException {
        return ProxyConfig.parse(text, dir);
    }

    @Test
    void aUsersValueWinsOverItsDatabasesWhichWinsOverTheGlobalOne() throws ConfigException {
        ProxyConfig c = parse("""
                [pgbouncer]
                auth_type = any
                query_timeout = 60
                idle_transaction_timeout = 30
                [databases]
                olap = host=x query_timeout=600 server_lifetime=120 client_idle_timeout=250ms
                oltp = host=x
                [users]
                batch = query_timeout=0 transaction_timeout=5min query_wait_timeout=2.5
                """);
        DatabaseConfig olap = c.database("olap").orElseThrow();
        DatabaseConfig oltp = c.database("oltp").orElseThrow();

        assertThat(c.time("query_timeout", olap, "app", c.queryTimeout())).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.time("query_timeout", oltp, "app", c.queryTimeout())).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.time("query_timeout", olap, "batch", c.queryTimeout())).isZero();
        assertThat(c.time("transaction_timeout", oltp, "batch", c.transactionTimeout()))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(c.time("query_wait_timeout", oltp, "batch", c.queryWaitTimeout()))
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(c.time("idle_transaction_timeout", olap, "batch", c.idleTransactionTimeout()))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(c.time("client_idle_timeout", olap, "app", c.clientIdleTimeout()))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(c.time("server_lifetime", olap, "app", c.serverLifetime())).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.time("server_lifetime", oltp, "app", c.serverLifetime())).isEqualTo(Duration.ofSeconds(3600));
        assertThat(olap.toString()).contains("query_timeout=600", "server_lifetime=120", "client_idle_timeout=0.25");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void clientLimitsComeFromTheEntryOrElseTheGlobalSetting() throws ConfigException {
        ProxyConfig c = parse("""
                [pgbouncer]
                auth_type = any
                max_db_client_connections = 500
                max_user_client_connections = 50
                [databases]
                small = host=x max_db_client_connections=3
                big = host=x
                [users]
                tool = max_user_client_connections=2
                """);

        assertThat(c.maxDbClientConnections(c.database("small").orElseThrow())).isEqualTo(3);
        assertThat(c.maxDbClientConnections(c.database("big").orElseThrow())).isEqualTo(500);
        assertThat(c.maxUserClientConnections("tool")).isEqualTo(2);
        assertThat(c.maxUserClientConnections("anyone")).isEqualTo(50);
    }

    @Test
    void badValuesNameTheEntryTheSettingAndTheRange() {
        assertThatThrownBy(() -> parse("[pgbouncer]\nauth_type=any\n[databases]\napp = host=x query_timeout=-1\n"))
                .hasMessageContaining(
                        "database \"app\": query_timeout = -1 is invalid: must be a time value between 0");
        assertThatThrownBy(() ->
                        parse("[pgbouncer]\nauth_type=any\n[databases]\napp = host=x max_db_client_connections=many\n"))
                .hasMessageContaining(
                        "database \"app\": max_db_client_connections = many is invalid: must be an integer between 0"
                                + " and 1000000");
        assertThatThrownBy(() -> parse("[pgbouncer]\nauth_type=any\n[users]\nbob = max_user_client_connections=-1\n"))
                .hasMessageContaining("user \"bob\": max_user_client_connections = -1 is invalid: must be between 0");
        assertThatThrownBy(() -> DatabaseConfig.custom("app").time("server_lifetime", Duration.ofSeconds(-1)))
                .hasMessageContaining("server_lifetime = PT-1S is invalid: must be between 0 and");
    }
}
