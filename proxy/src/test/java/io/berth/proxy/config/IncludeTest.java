package io.berth.proxy.config;

import static io.berth.proxy.config.PgBouncerFilesTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncludeTest {
    @TempDir
    Path dir;

    @Test
    void nestedIncludesResolveRelativeToTheIncludingFile() throws Exception {
        Path main = write(dir, "pgbouncer.ini", """
                [pgbouncer]
                auth_type = md5
                %include conf.d/pool.ini
                listen_port = 7001
                """);
        write(dir, "conf.d/pool.ini", """
                pool_mode = transaction
                auth_file = userlist.txt
                %include more/dbs.ini
                default_pool_size = 33
                """);
        write(dir, "conf.d/more/dbs.ini", """
                [databases]
                app = host=db1 pool_size=5
                [pgbouncer]
                """);

        ProxyConfig config = ProxyConfig.load(main);

        // the section carries into an included file and out of it, as in PgBouncer
        assertThat(config.poolMode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(config.defaultPoolSize()).isEqualTo(33);
        assertThat(config.listenPort()).isEqualTo(7001);
        assertThat(config.authFile()).contains(dir.resolve("conf.d/userlist.txt"));
        assertThat(config.database("app").orElseThrow().poolSize()).hasValue(5);
    }

    @Test
    void warningsAndErrorsInAnIncludedFileNameThatFileAndLine() throws Exception {
        Path main = write(dir, "pgbouncer.ini", "[pgbouncer]\nauth_type = any\n%include extra.ini\n");
        Path extra = write(dir, "extra.ini", "\nbogus_setting = 1\nmax_client_conn = -1\n");

        assertThatThrownBy(() -> ProxyConfig.load(main))
                .isInstanceOf(ConfigException.class)
                .hasMessage(extra + ":3: max_client_conn = -1 is invalid: must be between 1 and 1000000");

        write(dir, "extra.ini", "\nbogus_setting = 1\n");
        assertThat(ProxyConfig.load(main).warnings())
                .containsExactly(extra + ":2: unknown setting \"bogus_setting\" in [pgbouncer], ignored");
    }

    @Test
    void anIncludeCycleIsRefusedWithTheChainOfFiles() throws Exception {
        Path main = write(dir, "pgbouncer.ini", "[pgbouncer]\nauth_type = trust\n%include a.ini\n");
        Path a = write(dir, "a.ini", "%include b.ini\n");
        Path b = write(dir, "b.ini", "listen_port = 1\n%include ./pgbouncer.ini\n");

        assertThatThrownBy(() -> ProxyConfig.load(main))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(b + ":2: %include ./pgbouncer.ini would include itself: ")
                .hasMessageEndingWith(main.toRealPath() + " -> " + a.toRealPath() + " -> " + b.toRealPath() + " -> "
                        + main.toRealPath());
    }

    @Test
    void aFileIncludingItselfIsRefused() throws Exception {
        Path main = write(dir, "pgbouncer.ini", "[pgbouncer]\n%include pgbouncer.ini\n");

        assertThatThrownBy(() -> ProxyConfig.load(main))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pgbouncer.ini:2: %include pgbouncer.ini would include itself");
    }

    @Test
    void theSameFileMayBeIncludedTwiceWhenItIsNotACycle() throws Exception {
        Path main = write(
                dir, "pgbouncer.ini", "[pgbouncer]\nauth_type = trust\n%include common.ini\n%include common.ini\n");
        write(dir, "common.ini", "max_client_conn = 42\n");

        assertThat(ProxyConfig.load(main).maxClientConn()).isEqualTo(42);
    }

    @Test
    void anUnreadableIncludeIsAnErrorNamingTheFileAndLine() throws Exception {
        Path main = write(dir, "pgbouncer.ini", "[pgbouncer]\nauth_type = trust\n\n%include missing.ini\n");

        assertThatThrownBy(() -> ProxyConfig.load(main))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(main + ":4: cannot read %include file " + dir.resolve("missing.ini"))
                .hasMessageContaining("NoSuchFileException");
    }

    @Test
    void includesNestedDeeperThanPgBouncersLimitAreRefused() throws Exception {
        Path main = write(dir, "pgbouncer.ini", "[pgbouncer]\nauth_type = trust\n%include 1.ini\n");
        for (int i = 1; i <= 11; i++) {
            write(dir, i + ".ini", "%include " + (i + 1) + ".ini\n");
        }
        write(dir, "12.ini", "listen_port = 1\n");

        assertThatThrownBy(() -> ProxyConfig.load(main))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("10.ini:1: %include 11.ini nests deeper than 10 files");
    }

    @Test
    void includesInParsedTextResolveAgainstTheBaseDirectory() throws Exception {
        write(dir, "sub/db.ini", "[databases]\nreports = host=replica\n");

        ProxyConfig config = ProxyConfig.parse("[pgbouncer]\nauth_type = trust\n%include sub/db.ini\n", dir);

        assertThat(config.database("reports").orElseThrow().host()).contains("replica");
        assertThat(config.source()).isNull();
    }

    @Test
    void aMissingConfigFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("nope.ini");

        assertThatThrownBy(() -> ProxyConfig.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read config file " + missing);
    }
}
