package io.berth.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth pool-demo [SECONDS]}: the engine alone under 1,000 virtual threads, with an outage. */
@Command(
        name = "pool-demo",
        description = "Run the pool engine under 1,000 virtual threads through a simulated backend outage.")
final class PoolDemoCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SECONDS", description = "length of the demo, 2 to 3600 (default 6)")
    Long seconds;

    @Override
    public Integer call() throws Exception {
        long s = seconds == null ? 6 : seconds;
        if (s < 2 || s > 3600) {
            throw new IllegalArgumentException("demo length must be in [2, 3600] seconds, was " + s);
        }
        java.io.PrintStream out = Main.OUT.get();
        return new PoolDemo(out, Duration.ofSeconds(s)).run();
    }
}
