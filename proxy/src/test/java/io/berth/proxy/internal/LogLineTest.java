package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogLineTest {
    static final Instant TS = Instant.parse("2025-01-02T03:04:05.678Z");

    @Test
    void textIsKeyValuePairsAfterTheEvent() {
        assertThat(LogLine.text("client.connect", "client", "10.0.0.7:51234", "db", "app", "user", "bob", "tls", false))
                .isEqualTo("event=client.connect client=10.0.0.7:51234 db=app user=bob tls=false");
    }

    @Test
    void textQuotesValuesWithSpacesQuotesAndNewlines() {
        assertThat(LogLine.text("server.lost", "pool", "app/bob#0", "error", "closed by \"peer\"\nsecond line"))
                .isEqualTo("event=server.lost pool=app/bob#0 error=\"closed by \\\"peer\\\"\\nsecond line\"");
        assertThat(LogLine.text("x", "empty", "", "eq", "a=b", "tab", "a\tb", "bell", "\u0007", "back", "c:\\"))
                .isEqualTo("event=x empty=\"\" eq=\"a=b\" tab=\"a\\tb\" bell=\"\\u0007\" back=\"c:\\\\\"");
    }

    @Test
    void textLeavesOutNullValues() {
        assertThat(LogLine.text("client.timeout", "limit_ms", null, "action", "close"))
                .isEqualTo("event=client.timeout action=close");
    }

    @Test
    void jsonIsOneObjectWithTimestampLevelEventAndPairs() {
        assertThat(LogLine.json(TS, "INFO", "pool.breaker", "pool", "app/bob#0", "from", "closed", "to", "open"))
                .isEqualTo("{\"ts\":\"2025-01-02T03:04:05.678Z\",\"level\":\"INFO\",\"event\":\"pool.breaker\","
                        + "\"pool\":\"app/bob#0\",\"from\":\"closed\",\"to\":\"open\"}");
    }

    @Test
    void jsonKeepsNumbersAndBooleansAndEscapesStrings() {
        assertThat(LogLine.json(
                        TS,
                        "DEBUG",
                        "server.connect",
                        "id",
                        7L,
                        "port",
                        5432,
                        "tls",
                        true,
                        "error",
                        "a \"b\"\nc",
                        "gone",
                        null))
                .isEqualTo("{\"ts\":\"2025-01-02T03:04:05.678Z\",\"level\":\"DEBUG\",\"event\":\"server.connect\","
                        + "\"id\":7,\"port\":5432,\"tls\":true,\"error\":\"a \\\"b\\\"\\nc\"}");
    }
}
