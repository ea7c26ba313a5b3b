package io.berth.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real psql and pgbench from tests, with a time limit. */
final class Tools {
    private Tools() {}

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
        List<String> lines() {
            return Arrays.asList(output.split("\n"));
        }
    }

    static Result run(String stdin, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        // Output goes to a file, so nothing has to read the pipe while the command runs.
        Path out = Files.createTempFile("berth-tool", ".out");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("PGCONNECT_TIMEOUT", "10");
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            return new Result(p.exitValue(), text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Result psql(int port, String database, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "psql",
                "-X",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-U",
                "postgres",
                "-d",
                database));
        cmd.addAll(Arrays.asList(args));
        return run(stdin, 60, cmd.toArray(String[]::new));
    }

    /** One statement through the Unix socket in {@code socketDir} ({@code .s.PGSQL.<port>}), tuples only. */
    static Result psqlOverSocket(java.nio.file.Path socketDir, int port, String sql) throws Exception {
        return run(
                null,
                30,
                "psql",
                "-X",
                "-tA",
                "-h",
                socketDir.toString(),
                "-p",
                String.valueOf(port),
                "-U",
                "postgres",
                "-d",
                "test",
                "-c",
                sql);
    }

    static Result psqlDirect(String sql) throws Exception {
        return psql(5432, "postgres", null, "-tAc", sql);
    }

    static Result pgbench(int port, String database, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("pgbench", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres"));
        cmd.addAll(Arrays.asList(args));
        cmd.add(database);
        return run(null, 120, cmd.toArray(String[]::new));
    }

    /** Creates a database directly on PostgreSQL when it does not exist yet. */
    static void ensureDatabase(String name) throws Exception {
        Result r = psqlDirect("select 1 from pg_database where datname = '" + name + "'");
        if (!r.output().trim().equals("1")) {
            psqlDirect("create database " + name);
        }
    }
}
