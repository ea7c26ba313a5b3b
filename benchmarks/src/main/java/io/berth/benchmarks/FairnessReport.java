package io.berth.benchmarks;

import io.berth.benchmarks.Pools.Conn;
import io.berth.benchmarks.Pools.StormpotConn;
import io.berth.pool.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * How evenly each pool serves 1,000 virtual threads on 10 connections (acquire + immediate
 * release, as in {@link VirtualThreadsBenchmark}) over a fixed window, not a JMH benchmark.
 *
 * <p>Per round it starts 1,000 parked virtual threads, opens the gate, lets them cycle for the
 * window (200 ms by default), counts the cycles each completed, and computes Jain's fairness index
 * over those counts: {@code (Σx)² / (n·Σx²)}, 1.0 when every thread did the same, 1/n when one did
 * everything. After warm-up rounds it prints one line per pool: the median round's cycles/ms, the
 * median and the worst Jain's index over the rounds, the fewest threads served (at least one
 * cycle) in any round, and the median round's per-thread minimum, median and maximum.
 *
 * <p>Usage: {@code FairnessReport [pool...]} with pools from {@link #POOLS}; with none it runs
 * every pool, each in a fresh JVM (same java and class path) so one pool's JIT profile and garbage
 * do not colour the next. System properties: {@code fairness.windowMillis} (200), {@code
 * fairness.rounds} (5), {@code fairness.warmupRounds} (3).
 */
public final class FairnessReport {
    static final List<String> POOLS = List.of("berth", "commons-pool2", "stormpot", "stormpot-claim");

    private static final int THREADS = VirtualThreadsBenchmark.THREADS;
    private static final int CONNECTIONS = VirtualThreadsBenchmark.CONNECTIONS;
    private static final String FORMAT = "%-15s %10s %8s %8s %11s %22s%n";

    private FairnessReport() {}

    public static void main(String[] args) throws Exception {
        Duration window = Duration.ofMillis(Long.getLong("fairness.windowMillis", 200));
        int rounds = Integer.getInteger("fairness.rounds", 5);
        int warmup = Integer.getInteger("fairness.warmupRounds", 3);
        if (args.length == 0) {
            System.out.printf(
                    "Fairness: %,d virtual threads on %d connections, acquire + release at once,"
                            + " %d ms window, %d rounds after %d warm-up rounds, JDK %s%n",
                    THREADS, CONNECTIONS, window.toMillis(), rounds, warmup, Runtime.version());
            header();
            for (String pool : POOLS) {
                fork(pool);
            }
            return;
        }
        for (String pool : args) {
            if (!POOLS.contains(pool)) {
                throw new IllegalArgumentException("unknown pool '" + pool + "'; known: " + POOLS);
            }
        }
        for (String pool : args) {
            report(pool, window, rounds, warmup);
        }
    }

    static void header() {
        System.out.printf(FORMAT, "pool", "cycles/ms", "Jain med", "Jain min", "served min", "per thread min/med/max");
    }

    /** Runs one pool in a child JVM with this JVM's java, class path and fairness properties. */
    private static void fork(String pool) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xms1g");
        cmd.add("-Xmx1g");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        for (String p : List.of("fairness.windowMillis", "fairness.rounds", "fairness.warmupRounds")) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(FairnessReport.class.getName());
        cmd.add(pool);
        int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException("fairness run for " + pool + " exited with " + rc);
        }
    }

    private record Round(double cyclesPerMs, double jain, int served, long[] perThread) {}

    private static void report(String pool, Duration window, int rounds, int warmup) throws Exception {
        List<Round> results = new ArrayList<>();
        switch (pool) {
            case "berth" -> {
                try (Pool<Conn> p = Pools.berth(CONNECTIONS)) {
                    VirtualBatch.Cycle c = Pools.berthCycle(p);
                    runRounds(c, window, rounds, warmup, results);
                }
            }
            case "commons-pool2" -> {
                try (GenericObjectPool<Conn> p = Pools.commons(CONNECTIONS)) {
                    runRounds(Pools.commonsCycle(p), window, rounds, warmup, results);
                }
            }
            case "stormpot", "stormpot-claim" -> {
                stormpot.Pool<StormpotConn> p = Pools.stormpot(CONNECTIONS);
                try {
                    runRounds(
                            Pools.stormpotCycle(pool.equals("stormpot") ? p.getVirtualThreadSafeTap() : p),
                            window,
                            rounds,
                            warmup,
                            results);
                } finally {
                    Pools.closeStormpot(p);
                }
            }
            default -> throw new IllegalArgumentException(pool);
        }
        List<Round> byThroughput = new ArrayList<>(results);
        byThroughput.sort(Comparator.comparingDouble(Round::cyclesPerMs));
        Round median = byThroughput.get(byThroughput.size() / 2);
        double[] jains = results.stream().mapToDouble(Round::jain).sorted().toArray();
        int servedMin = results.stream().mapToInt(Round::served).min().orElse(0);
        long[] sorted = median.perThread().clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                FORMAT,
                pool,
                String.format(Locale.ROOT, "%.1f", median.cyclesPerMs()),
                String.format(Locale.ROOT, "%.4f", jains[jains.length / 2]),
                String.format(Locale.ROOT, "%.4f", jains[0]),
                servedMin + "/" + THREADS,
                sorted[0] + "/" + sorted[sorted.length / 2] + "/" + sorted[sorted.length - 1]);
    }

    private static void runRounds(
            VirtualBatch.Cycle cycle, Duration window, int rounds, int warmup, List<Round> results)
            throws InterruptedException {
        for (int r = 0; r < warmup + rounds; r++) {
            VirtualBatch batch = VirtualBatch.timed(THREADS, cycle);
            long elapsed = batch.runFor(window);
            long[] perThread = batch.completed();
            if (r >= warmup) {
                int served = (int) Arrays.stream(perThread).filter(x -> x > 0).count();
                results.add(new Round(batch.total() / (elapsed / 1e6), jain(perThread), served, perThread));
            }
        }
    }

    /** Jain's fairness index (Σx)² / (n·Σx²); NaN when nobody completed a cycle. */
    public static double jain(long[] x) {
        double sum = 0;
        double sumSq = 0;
        for (long v : x) {
            sum += v;
            sumSq += (double) v * v;
        }
        return sumSq == 0 ? Double.NaN : sum * sum / (x.length * sumSq);
    }
}
