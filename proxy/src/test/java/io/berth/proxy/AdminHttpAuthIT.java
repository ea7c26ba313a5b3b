package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.ConfigException;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.ProxyConfig;
import io.berth.proxy.config.ProxyConfigBuilder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read the HTTP admin listener. Listeners bound to all addresses ({@code *:0}) are reached
 * over 127.0.0.1 only.
 */
class AdminHttpAuthIT {
    private static final String TOKEN = "0123456789abcdef-test-token";

    @TempDir
    Path dir;

    private ProxyConfigBuilder config(String httpAddr, String userlist) throws Exception {
        Files.writeString(dir.resolve("users.txt"), userlist);
        return ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .unixSocketDir("")
                .authType(AuthType.TRUST)
                .authFile(dir.resolve("users.txt"))
                .adminHttpAddr(httpAddr)
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname("test")
                        .poolSize(1)
                        .build());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void beyondLoopbackWithoutAnyCredentialTheProxyRefusesToStart() throws Exception {
        ProxyConfig config = config("*:0", "\"postgres\" \"\"\n")
                .adminUsers("postgres") // an admin user, but with no plain password: cannot log in over HTTP
                .build();

        assertThatThrownBy(() -> BerthProxy.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageMatching(
                        "admin_http_addr = (0\\.0\\.0\\.0|\\[::]):0 listens beyond loopback, but no credential .*")
                .hasMessageContaining("set admin_http_token")
                .hasMessageContaining("admin_users")
                .hasMessageContaining("bind admin_http_addr to 127.0.0.1");
    }

    @Test
    void beyondLoopbackWithATokenDataNeedsItAndHealthAndThePageDoNot() throws Exception {
        try (BerthProxy proxy = BerthProxy.start(
                config("*:0", "\"postgres\" \"\"\n").adminHttpToken(TOKEN).build())) {
            AdminHttp http = new AdminHttp(proxy.httpAddress().orElseThrow());

            HttpResponse<String> without = http.get("/api/pools");
            HttpResponse<String> wrong = http.get("/api/pools", "Authorization", "Bearer " + TOKEN + "x");
            HttpResponse<String> right = http.get("/api/pools", "Authorization", "Bearer " + TOKEN);

            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.headers().allValues("www-authenticate")).containsExactly("Bearer realm=\"berth admin\"");
            assertThat(without.body()).startsWith("credentials needed").doesNotContain(TOKEN);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(AdminHttp.parse(right.body())).containsKey("pools");
            assertThat(http.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(http.get("/metrics", "Authorization", "Bearer " + TOKEN).statusCode())
                    .isEqualTo(200);
            assertThat(http.get("/api/history", "Authorization", basic("postgres", ""))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(http.get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void beyondLoopbackAnAdminUserLogsInWithItsPlainAuthFilePassword() throws Exception {
        String users = "\"admin\" \"correct horse\"\n\"stats\" \"battery staple\"\n\"postgres\" \"\"\n";
        try (BerthProxy proxy = BerthProxy.start(
                config("*:0", users).adminUsers("admin").statsUsers("stats").build())) {
            AdminHttp http = new AdminHttp(proxy.httpAddress().orElseThrow());

            HttpResponse<String> none = http.get("/api/stats");

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().allValues("www-authenticate"))
                    .containsExactly("Basic realm=\"berth admin\", charset=\"UTF-8\"", "Bearer realm=\"berth admin\"");
            assertThat(http.get("/api/stats", "Authorization", basic("admin", "correct horse"))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http.get("/api/stats", "Authorization", basic("admin", "wrong"))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(http.get("/api/stats", "Authorization", basic("stats", "battery staple"))
                            .statusCode())
                    .as("a user not in admin_users")
                    .isEqualTo(401);
            assertThat(http.get("/api/stats", "Authorization", "Basic !!not-base64")
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void onLoopbackATokenIsAskedForOnceItIsSet() throws Exception {
        try (BerthProxy open =
                BerthProxy.start(config("127.0.0.1:0", "\"postgres\" \"\"\n").build())) {
            assertThat(new AdminHttp(open.httpAddress().orElseThrow())
                            .get("/api/pools")
                            .statusCode())
                    .isEqualTo(200);
        }
        try (BerthProxy guarded = BerthProxy.start(config("127.0.0.1:0", "\"postgres\" \"\"\n")
                .adminHttpToken(TOKEN)
                .build())) {
            AdminHttp http = new AdminHttp(guarded.httpAddress().orElseThrow());

            assertThat(http.get("/api/pools").statusCode()).isEqualTo(401);
            assertThat(http.get("/api/pools", "Authorization", "bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(200);
        }
    }
}
