package io.berth.cli;

import io.berth.proxy.Version;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth COMMAND [ARGS]}: the entry point of the command line. */
@Command(
        name = "berth",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Connection management for the JVM and in front of PostgreSQL.",
        subcommands = {
            ProxyCommand.class,
            CheckConfigCommand.class,
            DemoCommand.class,
            PoolDemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** The stream commands that print as they go write to (tests replace System.out). */
    static final ThreadLocal<PrintStream> OUT = ThreadLocal.withInitial(() -> System.out);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Netty samples one buffer in 128 for leak tracking, with a stack trace each: a few percent of
        // the CPU a short-lived connection costs. Off in the command line unless asked for
        // (-Dio.netty.leakDetection.level=simple); the test suite runs with it on.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        OUT.set(out);
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("berth: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"berth " + Version.current() + " (Java " + Runtime.version() + ")"};
        }
    }
}
