package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void demoServesEveryThreadFailsFastDuringTheOutageAndRecovers() throws Exception {
        assertThat(run("demo", "3")).isZero();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("-- backend down --", "-- backend back --");
        assertThat(report).containsPattern("failed fast during the outage: [1-9][0-9,]*");
        assertThat(report).containsPattern("timed out: 0;");
        assertThat(report).contains("recovered by itself: 10 open, breaker CLOSED");
    }

    @Test
    void unknownCommandIsRefusedWithUsage() throws Exception {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown command 'frobnicate'")
                .contains("usage: berth demo");
    }

    @Test
    void demoLengthOutOfRangeNamesTheRange() {
        assertThatThrownBy(() -> run("demo", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("demo length must be in [2, 3600] seconds, was 1");
    }
}
