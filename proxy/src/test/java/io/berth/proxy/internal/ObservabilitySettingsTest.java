package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.ConfigException;
import io.berth.proxy.config.ProxyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservabilitySettingsTest {
    @TempDir
    Path dir;

    @Test
    void transactionTracingAndJsonLogsAreOffByDefault() throws ConfigException {
        ProxySettings s = ConfigBridge.settings(ProxyConfig.parse("""
                [pgbouncer]
                auth_type = trust
                """, dir));
        assertThat(s.observability()).isEqualTo(ProxySettings.Observability.DEFAULT);
        assertThat(s.observability().traceTransactions()).isFalse();
        assertThat(s.observability().jsonLogs()).isFalse();
    }

    @Test
    void iniSettingsReachTheRunningProxy() throws ConfigException {
        ProxySettings s = ConfigBridge.settings(ProxyConfig.parse("""
                [pgbouncer]
                auth_type = trust
                trace_transactions = 1
                log_format = JSON
                """, dir));
        assertThat(s.observability()).isEqualTo(new ProxySettings.Observability(true, true));
    }

    @Test
    void builderSetsThemToo() {
        ProxyConfig c = ProxyConfig.custom()
                .authType(AuthType.TRUST)
                .traceTransactions(true)
                .logFormat("json")
                .build();
        assertThat(c.traceTransactions()).isTrue();
        assertThat(c.jsonLogs()).isTrue();
    }

    @Test
    void anUnknownLogFormatIsRefusedByName() {
        assertThatThrownBy(() -> ProxyConfig.custom().logFormat("xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log_format")
                .hasMessageContaining("text or json");
    }
}
