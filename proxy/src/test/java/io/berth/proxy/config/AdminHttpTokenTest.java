package io.berth.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Berth's admin_http_token: checked like every setting, and never shown. */
class AdminHttpTokenTest {
    private static final String TOKEN = "5f0c8a1e9b7d4c2a";

    @TempDir
    Path dir;

    @Test
    void aTokenFromTheFileIsReadAndHiddenFromShowConfig() throws ConfigException {
        ProxyConfig config = ProxyConfig.parse(
                "[pgbouncer]\nauth_type = trust\nadmin_http_addr = 127.0.0.1:9127\nadmin_http_token = " + TOKEN + "\n",
                dir);

        assertThat(config.adminHttpToken()).contains(TOKEN);
        assertThat(config.describe()).contains(new ConfigSetting("admin_http_token", "<hidden>", "", true));
        assertThat(config.describe().toString()).doesNotContain(TOKEN);
        assertThat(config.toString()).doesNotContain(TOKEN);
    }

    @Test
    void noTokenIsTheDefault() {
        ProxyConfig config = ProxyConfig.custom().authType(AuthType.TRUST).build();

        assertThat(config.adminHttpToken()).isEmpty();
        assertThat(config.describe()).contains(new ConfigSetting("admin_http_token", "", "", true));
    }

    @Test
    void aShortTokenIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(
                        () -> ProxyConfig.parse("[pgbouncer]\nauth_type = trust\nadmin_http_token = secret12\n", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<text>:3: admin_http_token = <hidden> is invalid: must be empty (no token) or at least 16"
                        + " characters without spaces; make one with openssl rand -hex 32")
                .message()
                .doesNotContain("secret12");
        assertThatThrownBy(() -> ProxyConfig.custom().adminHttpToken("has a space in it, 16+"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("admin_http_token = <hidden> is invalid");
    }

    @Test
    void theBuilderSetsAndClearsIt() {
        ProxyConfigBuilder b = ProxyConfig.custom().authType(AuthType.TRUST).adminHttpToken(TOKEN);

        assertThat(b.build().adminHttpToken()).contains(TOKEN);
        assertThat(b.adminHttpToken(null).build().adminHttpToken()).isEmpty();
    }
}
