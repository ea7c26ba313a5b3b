package io.berth.benchmarks.jdbc;

import io.berth.benchmarks.FairnessReport;
import io.berth.benchmarks.VirtualBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Pinned virtual threads per JDBC pool, not a JMH benchmark: 1,000 virtual threads on a pool of 10
 * (connection cycle, as {@link JdbcCycleBenchmark#virtual}), cycling for a fixed window per round,
 * while JFR records every {@code jdk.VirtualThreadPinned} event (threshold 0, with stack traces).
 * Per pool it prints the pinned events of the measured rounds and, apart, of the warm-up rounds (a
 * pool's first use: class loading and initialisation, connections being opened), the frame that
 * pinned most often, the median round's cycles/ms, and how the cycles were spread over the threads
 * (Jain's index over the per-thread counts; the fewest threads served at least once in a round).
 *
 * <p>On JDK 24 and later (JEP 491) a virtual thread that blocks inside {@code synchronized} or in
 * {@code Object.wait()} no longer pins its carrier, so there only native frames and class
 * initialisation can show up; on JDK 21 {@code synchronized} on a waiting path does. Run it with
 * the JDK the numbers are for.
 *
 * <p>Usage: {@code VirtualPinningReport [pool...]} with pools from {@link JdbcPools#NAMES}; with none
 * it runs every pool, each in a fresh JVM (same java and class path). System properties: {@code
 * pinning.windowMillis} (1000), {@code pinning.rounds} (3), {@code pinning.warmupRounds} (1), {@code
 * pinning.json} (a file to append one JSON line per pool to).
 */
public final class VirtualPinningReport {
    private static final int THREADS = JdbcCycleBenchmark.VT_THREADS;
    private static final int CONNECTIONS = JdbcCycleBenchmark.VT_CONNECTIONS;
    private static final String FORMAT = "%-8s %15s %10s %8s %11s  %s%n";
    private static final List<String> PROPERTIES =
            List.of("pinning.windowMillis", "pinning.rounds", "pinning.warmupRounds", "pinning.json");

    private VirtualPinningReport() {}

    public static void main(String[] args) throws Exception {
        Duration window = Duration.ofMillis(Long.getLong("pinning.windowMillis", 1000));
        int rounds = Integer.getInteger("pinning.rounds", 3);
        int warmup = Integer.getInteger("pinning.warmupRounds", 1);
        if (args.length == 0) {
            System.out.printf(
                    Locale.ROOT,
                    "Pinned virtual threads (JFR jdk.VirtualThreadPinned, threshold 0): %,d virtual threads on"
                            + " %d connections, connection cycle, %d ms window, %d rounds after %d warm-up"
                            + " rounds, JDK %s%n",
                    THREADS,
                    CONNECTIONS,
                    window.toMillis(),
                    rounds,
                    warmup,
                    Runtime.version());
            System.out.printf(
                    FORMAT, "pool", "pinned (warm-up)", "cycles/ms", "Jain", "served min", "most pinning frame");
            for (String pool : JdbcPools.NAMES) {
                fork(pool);
            }
            return;
        }
        for (String pool : args) {
            if (!JdbcPools.NAMES.contains(pool)) {
                throw new IllegalArgumentException("unknown pool '" + pool + "'; known: " + JdbcPools.NAMES);
            }
        }
        for (String pool : args) {
            report(pool, window, rounds, warmup);
        }
    }

    /** Runs one pool in a child JVM with this JVM's java, class path and properties. */
    private static void fork(String pool) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xms1g");
        cmd.add("-Xmx1g");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-Dcom.mchange.v2.log.MLog=slf4j");
        for (String p : PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(VirtualPinningReport.class.getName());
        cmd.add(pool);
        int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
        if (rc != 0) {
            System.out.printf(FORMAT, pool, "failed", "-", "-", "-", "the child JVM exited with " + rc);
        }
    }

    private static void report(String pool, Duration window, int rounds, int warmup) throws Exception {
        List<double[]> results = new ArrayList<>(); // cycles/ms, Jain, served
        Pinning first;
        Pinning measured;
        DataSource ds = JdbcPools.open(pool, CONNECTIONS);
        try {
            first = recordPinning(pool, () -> runRounds(ds, window, warmup, null));
            measured = recordPinning(pool, () -> runRounds(ds, window, rounds, results));
        } finally {
            JdbcPools.close(ds);
        }
        results.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] median = results.get(results.size() / 2);
        double jain = results.stream().mapToDouble(r -> r[1]).sorted().toArray()[results.size() / 2];
        int servedMin = (int) results.stream().mapToDouble(r -> r[2]).min().orElse(0);
        String top = measured.count() > 0 ? measured.top() : first.top();
        System.out.printf(
                Locale.ROOT,
                FORMAT,
                pool,
                measured.count() + " / " + first.count(),
                String.format(Locale.ROOT, "%.1f", median[0]),
                String.format(Locale.ROOT, "%.4f", jain),
                servedMin + "/" + THREADS,
                top);
        appendJson(pool, measured, first, median[0], jain, servedMin, window, rounds);
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static void runRounds(DataSource ds, Duration window, int rounds, List<double[]> results)
            throws InterruptedException {
        for (int r = 0; r < rounds; r++) {
            VirtualBatch batch = VirtualBatch.timed(THREADS, () -> {
                try (Connection c = ds.getConnection()) {
                    return c == null ? 0 : 1;
                }
            });
            long elapsed = batch.runFor(window);
            long[] perThread = batch.completed();
            if (results != null) {
                double served = Arrays.stream(perThread).filter(x -> x > 0).count();
                results.add(new double[] {batch.total() / (elapsed / 1e6), FairnessReport.jain(perThread), served});
            }
        }
    }

    /**
     * Pinned events while some work ran, and the frame that pinned most often (with the JDK's reason
     * where it gives one: JDK 24+ has a {@code pinnedReason} field).
     */
    private record Pinning(long count, String top) {}

    private static Pinning recordPinning(String pool, Work work) throws Exception {
        Path jfr = Files.createTempFile("berth-pinning-" + pool + "-", ".jfr");
        try {
            try (Recording recording = new Recording()) {
                recording
                        .enable("jdk.VirtualThreadPinned")
                        .withThreshold(Duration.ZERO)
                        .withStackTrace();
                recording.start();
                work.run();
                recording.stop();
                recording.dump(jfr);
            }
            long pinned = 0;
            Map<String, Integer> frames = new LinkedHashMap<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
                if (e.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                    pinned++;
                    String reason = e.hasField("pinnedReason") ? e.getString("pinnedReason") : null;
                    String where = firstOwnFrame(e) + (reason == null ? "" : " [" + reason + "]");
                    frames.merge(where, 1, Integer::sum);
                }
            }
            String top = frames.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(en -> en.getKey() + " (" + en.getValue() + ")")
                    .orElse("-");
            return new Pinning(pinned, top);
        } finally {
            Files.deleteIfExists(jfr);
        }
    }

    /** The first frame outside the JDK, where a pool's code is; else the top frame. */
    private static String firstOwnFrame(RecordedEvent e) {
        if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
            return "(no stack)";
        }
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return type + "." + f.getMethod().getName() + ":" + f.getLineNumber();
            }
        }
        RecordedFrame f = frames.get(0);
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void appendJson(
            String pool,
            Pinning measured,
            Pinning first,
            double cyclesPerMs,
            double jain,
            int served,
            Duration window,
            int rounds)
            throws IOException {
        String path = System.getProperty("pinning.json", "");
        if (path.isEmpty()) {
            return;
        }
        String top = measured.count() > 0 ? measured.top() : first.top();
        String line = String.format(
                Locale.ROOT,
                "{\"pool\":\"%s\",\"pinned\":%d,\"pinnedWarmup\":%d,\"cyclesPerMs\":%.3f,\"jain\":%.5f,"
                        + "\"servedMin\":%d,\"threads\":%d,\"connections\":%d,\"windowMillis\":%d,\"rounds\":%d,"
                        + "\"jdk\":\"%s\",\"topFrame\":\"%s\"}%n",
                pool,
                measured.count(),
                first.count(),
                cyclesPerMs,
                jain,
                served,
                THREADS,
                CONNECTIONS,
                window.toMillis(),
                rounds,
                Runtime.version(),
                top.replace("\\", "\\\\").replace("\"", "\\\""));
        Files.writeString(
                Path.of(path),
                line,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }
}
