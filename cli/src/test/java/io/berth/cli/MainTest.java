package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void poolDemoServesEveryThreadFailsFastDuringTheOutageAndRecovers() {
        assertThat(run("pool-demo", "3")).isZero();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("-- backend down --", "-- backend back --");
        assertThat(report).containsPattern("failed fast during the outage: [1-9][0-9,]*");
        assertThat(report).containsPattern("timed out: 0;");
        assertThat(report).contains("recovered by itself: 10 open, breaker CLOSED");
    }

    @Test
    void unknownCommandIsRefusedWithUsage() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Unmatched argument at index 0: 'frobnicate'")
                .contains("Did you mean: berth proxy?");
    }

    @Test
    void poolDemoLengthOutOfRangeNamesTheRange() {
        assertThat(run("pool-demo", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("demo length must be in [2, 3600] seconds, was 1");
    }

    @Test
    void versionNamesBerth() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("berth ");
    }

    @Test
    void checkConfigAcceptsTheExampleAndNamesWhatIsWrongInABadFile(@TempDir Path dir) throws Exception {
        Path example = Path.of("..", "examples", "berth.ini");
        assertThat(run("check-config", example.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK (2 databases, pool_mode transaction");

        Path bad = dir.resolve("bad.ini");
        Files.writeString(bad, "[pgbouncer]\nlisten_port = 6432\ndefault_pool_size = -3\nfrobnicate = 1\n");
        out.reset();
        assertThat(run("check-config", bad.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("bad.ini:3")
                .contains("default_pool_size")
                .contains("-3");
    }
}
