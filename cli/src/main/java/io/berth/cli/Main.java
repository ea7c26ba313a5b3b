package io.berth.cli;

import java.io.PrintStream;
import java.time.Duration;

/** {@code berth COMMAND [ARGS]}: the entry point of the command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args, System.out, System.err));
        } catch (IllegalArgumentException e) {
            System.err.println("berth: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "demo" -> {
                Duration length = args.length > 1 ? parseSeconds(args[1]) : Duration.ofSeconds(6);
                return new PoolDemo(out, length).run();
            }
            case "help", "-h", "--help" -> {
                usage(out);
                return 0;
            }
            default -> {
                err.println("berth: unknown command '" + command + "'");
                usage(err);
                return 2;
            }
        }
    }

    private static Duration parseSeconds(String s) {
        try {
            long seconds = Long.parseLong(s);
            if (seconds < 2 || seconds > 3600) {
                throw new IllegalArgumentException("demo length must be in [2, 3600] seconds, was " + s);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("demo length must be a whole number of seconds, was '" + s + "'");
        }
    }

    private static void usage(PrintStream out) {
        out.println(
                "usage: berth demo [SECONDS]   run the pool engine under a virtual-thread load, with a backend outage");
        out.println("       berth help");
    }
}
