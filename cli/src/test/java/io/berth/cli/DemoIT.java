package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's main command, `berth demo`, end to end against the local PostgreSQL (with --exit). */
class DemoIT {

    @Test
    void demoRunsPsqlAndPgbenchThroughTheProxyAndShowsThePools() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty("berth.home", "..");
        int code = Main.run(
                new String[] {"demo", "--exit", "--seconds", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(report + err).isZero();
        assertThat(report)
                .contains("== Berth is listening on 127.0.0.1:6432")
                .contains("through Berth")
                .contains("number of failed transactions: 0 (0.000%)")
                .contains("cl_active | cl_waiting")
                .contains("berth_demo | postgres")
                .contains("== connect:  psql -h 127.0.0.1 -p 6432 -U postgres test");
    }
}
