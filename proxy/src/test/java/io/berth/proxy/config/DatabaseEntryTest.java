package io.berth.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseEntryTest {
    @TempDir
    Path dir;

    private ProxyConfig parse(String databasesAndUsers) throws ConfigException {
        return ProxyConfig.parse("[pgbouncer]\nauth_type = any\n" + databasesAndUsers, dir);
    }

    @Test
    void everyParameterOfADatabaseLineIsRead() throws ConfigException {
        ProxyConfig config = parse("""
                [databases]
                app = host=db1.example.com port=5433 dbname=app_prod user=app password=s3cret auth_user=lookup \
                pool_size=40 min_pool_size=4 reserve_pool_size=6 pool_mode=transaction max_db_connections=90 \
                client_encoding=UTF8 datestyle=ISO,MDY timezone=UTC application_name=berth connect_query='SET x = 1'
                """);

        DatabaseConfig app = config.database("app").orElseThrow();
        assertThat(app.host()).contains("db1.example.com");
        assertThat(app.port()).isEqualTo(5433);
        assertThat(app.dbname()).isEqualTo("app_prod");
        assertThat(app.user()).contains("app");
        assertThat(app.password()).contains("s3cret");
        assertThat(app.authUser()).contains("lookup");
        assertThat(app.poolSize()).hasValue(40);
        assertThat(app.minPoolSize()).hasValue(4);
        assertThat(app.reservePoolSize()).hasValue(6);
        assertThat(app.poolMode()).contains(PoolMode.TRANSACTION);
        assertThat(app.maxDbConnections()).hasValue(90);
        assertThat(app.clientEncoding()).contains("UTF8");
        assertThat(app.datestyle()).contains("ISO,MDY");
        assertThat(app.timezone()).contains("UTC");
        assertThat(app.applicationName()).contains("berth");
        assertThat(app.connectQuery()).contains("SET x = 1");
        assertThat(app.toString()).contains("password=***").doesNotContain("s3cret");
    }

    @Test
    void severalHostsWithARoleAndBalancing() throws ConfigException {
        ProxyConfig config = parse("""
                [databases]
                reports = host=replica1:5433,replica2,[::1]:5434 port=5432 target_session_attrs=read-only load_balance_hosts=disable
                app = host=primary
                """);
        DatabaseConfig reports = config.database("reports").orElseThrow();
        assertThat(reports.hosts()).containsExactly("replica1:5433", "replica2", "[::1]:5434");
        assertThat(reports.targetSessionAttrs()).isEqualTo("read-only");
        assertThat(reports.loadBalanceHosts()).isFalse();
        DatabaseConfig app = config.database("app").orElseThrow();
        assertThat(app.targetSessionAttrs()).isEqualTo("any");
        assertThat(app.loadBalanceHosts()).isTrue();
        assertThat(io.berth.proxy.internal.ConfigBridge.endpoints(reports.tcpHosts(), reports.port()))
                .extracting(e -> e.host() + " " + e.port())
                .containsExactly("replica1 5433", "replica2 5432", "::1 5434");

        assertThatThrownBy(() -> parse("[databases]\nx = host=a target_session_attrs=readonly\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database \"x\": target_session_attrs = readonly is invalid: must be one of any,"
                        + " read-write, read-only, primary, standby, prefer-standby");
    }

    @Test
    void singleQuotedValuesKeepSpacesAndDoubledQuotesAreOneQuote() throws ConfigException {
        ProxyConfig config = parse("""
                [databases]
                app = connect_query='SELECT set_config(''app.name'', ''it''''s'', false)'   password='a b'
                """);

        DatabaseConfig app = config.database("app").orElseThrow();
        assertThat(app.connectQuery()).contains("SELECT set_config('app.name', 'it''s', false)");
        assertThat(app.password()).contains("a b");
    }

    @Test
    void quotedDatabaseNamesMayHoldAnyCharacter() throws ConfigException {
        ProxyConfig config = parse("""
                [databases]
                "my ""big"" db" = host=a
                'other db' = host=b
                plain_name.v2-x = host=c
                """);

        assertThat(config.databases()).containsOnlyKeys("my \"big\" db", "other db", "plain_name.v2-x");
    }

    @Test
    void anUnterminatedQuoteIsRefusedWithTheLine() {
        assertThatThrownBy(() -> parse("[databases]\napp = host=x connect_query='SELECT 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<text>:4: database \"app\": cannot read its connection string: unterminated quote in"
                        + " connect_query='SELECT 1");
    }

    @Test
    void anUnknownParameterIsRefusedAndTheAllowedOnesAreListed() {
        assertThatThrownBy(() -> parse("[databases]\napp = host=x sslmode=require\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("<text>:4: database \"app\": unknown parameter \"sslmode\"; allowed:"
                        + " application_name, auth_user, client_encoding, client_idle_timeout, connect_query,"
                        + " datestyle, dbname, host,");
    }

    @Test
    void pgBouncersOtherDatabaseParametersAreWarnedAboutAndIgnored() throws ConfigException {
        ProxyConfig config = parse("[databases]\napp = host=x load_balance_hosts=disable auth_dbname=auth\n");

        assertThat(config.warnings())
                .containsExactly("<text>:4: database \"app\": parameter \"auth_dbname\" is not implemented by Berth,"
                        + " ignored");
    }

    @Test
    void badParameterValuesNameTheDatabaseTheParameterAndTheRange() {
        assertThatThrownBy(() -> parse("[databases]\napp = pool_size=0\n"))
                .hasMessage("<text>:4: database \"app\": pool_size = 0 is invalid: must be between 1 and 10000");
        assertThatThrownBy(() -> parse("[databases]\napp = port=http\n"))
                .hasMessage("<text>:4: database \"app\": port = http is invalid: must be an integer between 1 and"
                        + " 65535");
        assertThatThrownBy(() -> parse("[databases]\napp = pool_mode=sometimes\n"))
                .hasMessage("<text>:4: database \"app\": pool_mode = sometimes is invalid: must be one of session,"
                        + " transaction, statement");
        assertThatThrownBy(() -> parse("[databases]\napp = max_db_connections=-1\n"))
                .hasMessage("<text>:4: database \"app\": max_db_connections = -1 is invalid: must be between 0 and"
                        + " 1000000");
        assertThatThrownBy(() -> parse("[databases]\napp = port=5432 host=\n"))
                .hasMessage("<text>:4: database \"app\": cannot read its connection string: empty value for host");
        assertThatThrownBy(() -> parse("[databases]\napp = password=''\n"))
                .hasMessage(
                        "<text>:4: database \"app\": cannot read its connection string: empty value for" + " password");
    }

    @Test
    void pgbouncerIsReservedForTheAdminConsole() {
        assertThatThrownBy(() -> parse("[databases]\npgbouncer = host=x\n"))
                .hasMessage("<text>:4: database name \"pgbouncer\" is reserved for the admin console: choose"
                        + " another name");
    }

    @Test
    void reservePoolIsAnAliasOfReservePoolSize() throws ConfigException {
        ProxyConfig config = parse("[databases]\na = reserve_pool=3\nb = reserve_pool_size=4\n");

        assertThat(config.database("a").orElseThrow().reservePoolSize()).hasValue(3);
        assertThat(config.database("b").orElseThrow().reservePoolSize()).hasValue(4);
    }

    @Test
    void starEntryIsTheFallbackAndItsDbnameIsTheRequestedName() throws ConfigException {
        ProxyConfig config = parse("""
                [databases]
                app = host=primary
                * = host=fallback port=5444 pool_size=3
                """);

        DatabaseConfig other = config.database("reports").orElseThrow();
        assertThat(other.name()).isEqualTo("reports");
        assertThat(other.dbname()).isEqualTo("reports");
        assertThat(other.host()).contains("fallback");
        assertThat(other.port()).isEqualTo(5444);
        assertThat(other.poolSize()).hasValue(3);
        assertThat(config.database("app").orElseThrow().host()).contains("primary");
        assertThat(config.database("pgbouncer")).isEmpty();
        assertThat(config.databases().get("*").isFallback()).isTrue();
    }

    @Test
    void aStarEntryWithDbnameSendsEveryoneToThatDatabase() throws ConfigException {
        ProxyConfig config = parse("[databases]\n* = host=h dbname=shared\n");

        assertThat(config.database("anything").orElseThrow().dbname()).isEqualTo("shared");
    }

    @Test
    void withoutStarEntryAnUnknownDatabaseIsAbsent() throws ConfigException {
        assertThat(parse("[databases]\napp = host=x\n").database("other")).isEmpty();
    }

    @Test
    void valuesNotSetOnADatabaseComeFromThePgbouncerSection() throws ConfigException {
        ProxyConfig config = ProxyConfig.parse("""
                [pgbouncer]
                auth_type = trust
                default_pool_size = 11
                min_pool_size = 2
                reserve_pool_size = 1
                pool_mode = statement
                max_db_connections = 50
                auth_user = globaluser
                [databases]
                app =
                """, dir);

        DatabaseConfig app = config.database("app").orElseThrow();
        assertThat(app.poolSize()).isEmpty();
        assertThat(app.poolSize(config)).isEqualTo(11);
        assertThat(app.minPoolSize(config)).isEqualTo(2);
        assertThat(app.reservePoolSize(config)).isEqualTo(1);
        assertThat(app.poolMode(config)).isEqualTo(PoolMode.STATEMENT);
        assertThat(app.maxDbConnections(config)).isEqualTo(50);
        assertThat(app.authUser(config)).contains("globaluser");
        assertThat(app.port()).isEqualTo(5432);
        assertThat(app.dbname()).isEqualTo("app");
    }

    @Test
    void noHostMeansTheLocalUnixSocketOrElseLoopbackOverTcp() throws ConfigException {
        ProxyConfig withSocket = parse("[databases]\nlocal = port=5433\nsock = host=/var/run/postgresql\n");
        ProxyConfig withoutSocket =
                ProxyConfig.parse("[pgbouncer]\nauth_type = trust\nunix_socket_dir =\n[databases]\nlocal =\n", dir);

        DatabaseConfig local = withSocket.database("local").orElseThrow();
        assertThat(local.host()).isEmpty();
        assertThat(local.unixSocketPath(withSocket)).contains(Path.of("/tmp/.s.PGSQL.5433"));
        assertThat(local.tcpHosts()).containsExactly("127.0.0.1");
        assertThat(withSocket.database("sock").orElseThrow().unixSocketPath(withSocket))
                .contains(Path.of("/var/run/postgresql/.s.PGSQL.5432"));
        assertThat(withSocket.database("sock").orElseThrow().tcpHosts()).isEmpty();
        assertThat(withoutSocket.database("local").orElseThrow().unixSocketPath(withoutSocket))
                .isEmpty();
    }

    @Test
    void aHostListIsSplitOnCommas() throws ConfigException {
        DatabaseConfig db = parse("[databases]\napp = host=10.0.0.1,10.0.0.2,db3\n")
                .database("app")
                .orElseThrow();

        assertThat(db.hosts()).containsExactly("10.0.0.1", "10.0.0.2", "db3");
        assertThat(db.tcpHosts()).containsExactly("10.0.0.1", "10.0.0.2", "db3");
    }

    @Test
    void parameterNamesAreCaseInsensitive() throws ConfigException {
        DatabaseConfig db =
                parse("[databases]\napp = HOST=x Pool_Size=3\n").database("app").orElseThrow();

        assertThat(db.host()).contains("x");
        assertThat(db.poolSize()).hasValue(3);
    }

    @Test
    void usersSectionSetsPoolModeAndLimitsThatWinOverTheDatabase() throws ConfigException {
        ProxyConfig config = parse("""
                [databases]
                app = pool_mode=session pool_size=10
                [users]
                batch = pool_mode=transaction max_user_connections=10 pool_size=4 reserve_pool_size=2
                report = query_timeout=30
                """);

        DatabaseConfig app = config.database("app").orElseThrow();
        assertThat(config.poolMode(app, "batch")).isEqualTo(PoolMode.TRANSACTION);
        assertThat(config.poolMode(app, "someone")).isEqualTo(PoolMode.SESSION);
        assertThat(config.poolSize(app, "batch")).isEqualTo(4);
        assertThat(config.poolSize(app, "someone")).isEqualTo(10);
        assertThat(config.reservePoolSize(app, "batch")).isEqualTo(2);
        assertThat(config.user("batch").orElseThrow().maxUserConnections(config))
                .isEqualTo(10);
        assertThat(config.user("report").orElseThrow().maxUserConnections(config))
                .isZero();
        assertThat(config.time("query_timeout", app, "report", java.time.Duration.ZERO))
                .isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(config.time("query_timeout", app, "batch", java.time.Duration.ofSeconds(7)))
                .isEqualTo(java.time.Duration.ofSeconds(7));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void badUserSettingsAreRefusedWithTheLine() {
        assertThatThrownBy(() -> parse("[users]\nbob = max_user_connections=-2\n"))
                .hasMessage("<text>:4: user \"bob\": max_user_connections = -2 is invalid: must be between 0 and"
                        + " 1000000");
        assertThatThrownBy(() -> parse("[users]\nbob = pool_mode=never\n"))
                .hasMessage("<text>:4: user \"bob\": pool_mode = never is invalid: must be one of session,"
                        + " transaction, statement");
        assertThatThrownBy(() -> parse("[users]\nbob = host=x\n"))
                .hasMessage("<text>:4: user \"bob\": unknown parameter \"host\"; allowed: client_idle_timeout,"
                        + " idle_transaction_timeout, max_user_client_connections, max_user_connections, pool_mode,"
                        + " pool_size, query_timeout, query_wait_timeout, reserve_pool_size, transaction_timeout");
        assertThatThrownBy(() -> parse("[users]\nbob = query_timeout=soon\n"))
                .hasMessage("<text>:4: user \"bob\": query_timeout = soon is invalid: must be a time value between 0"
                        + " and 2147483647 seconds: seconds (fractions allowed) or a number with a unit us, ms, s, min,"
                        + " h or d");
        assertThatThrownBy(() -> parse("[users]\nbob = server_lifetime=5\n"))
                .hasMessageContaining("user \"bob\": unknown parameter \"server_lifetime\"");
    }

    @Test
    void databasesKeepFileOrder() throws ConfigException {
        ProxyConfig config = parse("[databases]\nzeta = host=z\nalpha = host=a\nmid = host=m\n");

        assertThat(config.databases().keySet()).containsExactly("zeta", "alpha", "mid");
    }
}
