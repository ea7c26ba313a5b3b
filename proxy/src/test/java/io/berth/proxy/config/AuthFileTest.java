package io.berth.proxy.config;

import static io.berth.proxy.config.PgBouncerFilesTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileTest {
    private static final String SCRAM = "SCRAM-SHA-256$4096:c2FsdHNhbHQ=$c3RvcmVka2V5c3RvcmVka2V5c3RvcmVka2V5c3Q="
            + ":c2VydmVya2V5c2VydmVya2V5c2VydmVya2V5c2U=";

    @TempDir
    Path dir;

    @Test
    void readsPlainMd5AndScramSecretsInFileOrder() throws Exception {
        Path file = write(dir, "userlist.txt", """
                ;; written by mkauth.py
                "marko" "asdasd"

                # Berth also skips lines starting with #
                "admin" "md545f2603610af569b6155c45067268c6b"
                  "scram_user"   "%s"  anything after the second field is ignored
                "nopass" ""
                """.formatted(SCRAM));

        Map<String, String> users = AuthFile.load(file);

        assertThat(users)
                .containsExactly(
                        Map.entry("marko", "asdasd"),
                        Map.entry("admin", "md545f2603610af569b6155c45067268c6b"),
                        Map.entry("scram_user", SCRAM),
                        Map.entry("nopass", ""));
    }

    @Test
    void doubledQuotesInsideAFieldAreOneQuote() throws Exception {
        Path file = write(dir, "userlist.txt", "\"we\"\"ird\" \"pa\"\"ss word\"\"\"\n");

        assertThat(AuthFile.load(file)).containsExactly(Map.entry("we\"ird", "pa\"ss word\""));
    }

    @Test
    void aLaterLineForTheSameUserWins() throws Exception {
        Path file = write(dir, "userlist.txt", "\"u\" \"old\"\n\"u\" \"new\"\n");

        assertThat(AuthFile.load(file)).containsExactly(Map.entry("u", "new"));
    }

    @Test
    void anUnquotedLineIsRefusedWithFileAndLine() throws Exception {
        Path file = write(dir, "userlist.txt", "\"ok\" \"x\"\nbob secret\n");

        assertThatThrownBy(() -> AuthFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":2: malformed auth_file line: expected \"username\" \"secret\"");
    }

    @Test
    void aLineWithoutSecretIsRefusedWithFileAndLine() throws Exception {
        Path file = write(dir, "userlist.txt", "\n\n\"bob\"\n");

        assertThatThrownBy(() -> AuthFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: malformed auth_file line: expected \"username\" \"secret\", found no quoted"
                        + " secret after \"bob\"");
    }

    @Test
    void anUnterminatedQuoteIsRefused() throws Exception {
        Path file = write(dir, "userlist.txt", "\"bob\" \"secret\n");

        assertThatThrownBy(() -> AuthFile.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":1: malformed auth_file line");
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("missing.txt");

        assertThatThrownBy(() -> AuthFile.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read auth_file " + missing + ": NoSuchFileException");
    }

    @Test
    void theDebianPackagesUserlistLoads() throws Exception {
        Path example = Path.of("/usr/share/doc/pgbouncer/examples/userlist.txt");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(example));

        assertThat(AuthFile.load(example)).containsKeys("marko", "postgres", "pgbouncer");
    }

    @Test
    void theAuthFileNamedByTheConfigLoadsFromItsResolvedPath() throws Exception {
        write(dir, "userlist.txt", "\"app\" \"secret\"\n");
        Path ini = write(dir, "pgbouncer.ini", "[pgbouncer]\nauth_file = userlist.txt\n");

        ProxyConfig config = ProxyConfig.load(ini);

        assertThat(AuthFile.load(config.authFile().orElseThrow())).containsEntry("app", "secret");
    }
}
