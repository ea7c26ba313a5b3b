package io.berth.cli;

import io.berth.proxy.BerthProxy;
import io.berth.proxy.config.ProxyConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth demo}: Berth's main job in one command. Starts the proxy with {@code
 * examples/berth.ini} in front of the local PostgreSQL, runs psql and a short pgbench load of 50
 * clients on a pool of 10 through it, shows the admin console's view, and keeps serving until
 * Ctrl-C (or stops, with {@code --exit}).
 */
@Command(
        name = "demo",
        description = "Start the proxy in front of the local PostgreSQL and run a demo load through it.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--config", description = "configuration (default: examples/berth.ini)")
    Path config;

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description = "length of the pgbench load (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--exit", description = "stop after the demo load instead of serving until Ctrl-C")
    boolean exit;

    private PrintStream out;

    @Override
    public Integer call() throws Exception {
        out = Main.OUT.get();
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("--seconds must be in [1, 3600], was " + seconds);
        }
        Path file = config != null ? config : home().resolve("examples/berth.ini");
        ProxyConfig cfg = CheckConfigCommand.load(file, out);
        try (BerthProxy proxy = BerthProxy.start(cfg)) {
            String host = proxy.address().getHostString();
            String port = String.valueOf(proxy.address().getPort());
            out.println("== Berth is listening on " + host + ":" + port + " (config " + file + ")");
            step(
                    "psql through Berth",
                    "psql",
                    "-h",
                    host,
                    "-p",
                    port,
                    "-U",
                    "postgres",
                    "-d",
                    "test",
                    "-X",
                    "-c",
                    "select 'hello from ' || current_database() || ' through Berth' as greeting, "
                            + "pg_backend_pid() as server_pid");
            ensureDemoDatabase();
            step(
                    "pgbench -i (initialise berth_demo through Berth)",
                    "pgbench",
                    "-i",
                    "-q",
                    "-s",
                    "1",
                    "-h",
                    host,
                    "-p",
                    port,
                    "-U",
                    "postgres",
                    "berth_demo");
            step(
                    "pgbench: 50 clients on a pool of 10, select-only, " + seconds + " s",
                    "pgbench",
                    "-S",
                    "-c",
                    "50",
                    "-j",
                    "2",
                    "-T",
                    String.valueOf(seconds),
                    "-n",
                    "-h",
                    host,
                    "-p",
                    port,
                    "-U",
                    "postgres",
                    "berth_demo");
            step(
                    "the admin console: SHOW POOLS",
                    "psql",
                    "-h",
                    host,
                    "-p",
                    port,
                    "-U",
                    "postgres",
                    "-d",
                    "pgbouncer",
                    "-X",
                    "-c",
                    "SHOW POOLS");
            out.println("== connect:  psql -h " + host + " -p " + port + " -U postgres test");
            out.println("== admin:    psql -h " + host + " -p " + port + " -U postgres pgbouncer -c 'SHOW STATS'");
            if (!exit) {
                out.println("== serving until Ctrl-C");
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
        }
        return 0;
    }

    private void ensureDemoDatabase() throws IOException, InterruptedException {
        List<String> exists = capture(
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                "5432",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-X",
                "-tAc",
                "select 1 from pg_database where datname = 'berth_demo'");
        if (!exists.contains("1")) {
            step(
                    "create database berth_demo (directly on PostgreSQL)",
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    "5432",
                    "-U",
                    "postgres",
                    "-d",
                    "postgres",
                    "-X",
                    "-c",
                    "create database berth_demo");
        }
    }

    private void step(String title, String... command) throws IOException, InterruptedException {
        out.println("== " + title);
        List<String> lines = capture(command);
        lines.forEach(l -> out.println("   " + l));
    }

    private static List<String> capture(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed with exit code " + code + ":\n" + String.join("\n", lines));
        }
        return lines;
    }

    private static Path home() {
        String h = System.getProperty("berth.home");
        Path p = h != null ? Path.of(h) : Path.of("").toAbsolutePath();
        if (!Files.exists(p.resolve("examples/berth.ini"))) {
            throw new IllegalArgumentException(
                    "cannot find examples/berth.ini under " + p + "; run from the repository root or pass --config");
        }
        return p;
    }
}
