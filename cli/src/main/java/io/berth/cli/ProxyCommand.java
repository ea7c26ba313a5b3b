package io.berth.cli;

import io.berth.proxy.BerthProxy;
import io.berth.proxy.Version;
import io.berth.proxy.config.ProxyConfig;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth proxy CONFIG}: runs the pooling proxy until a signal stops it. SIGTERM stops
 * accepting and lets transactions finish (up to {@code --shutdown-timeout}); SIGINT closes at once;
 * SIGHUP re-reads the configuration.
 */
@Command(name = "proxy", description = "Run the PostgreSQL pooling proxy with a pgbouncer.ini-style CONFIG.")
final class ProxyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "the configuration file (PgBouncer's format)")
    Path config;

    @Option(
            names = "--shutdown-timeout",
            defaultValue = "30",
            description = "seconds SIGTERM waits for transactions to finish (default ${DEFAULT-VALUE})")
    long shutdownSeconds;

    @Override
    public Integer call() throws Exception {
        PrintStream out = Main.OUT.get();
        ProxyConfig cfg = CheckConfigCommand.load(config, System.err);
        // slf4j-simple reads this once, when the first logger is made: before the proxy starts.
        cfg.logfile().ifPresent(f -> System.setProperty("org.slf4j.simpleLogger.logFile", f.toString()));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        // The handlers go in before the port opens: a supervisor that signals as soon as it can
        // connect must reach them, not the JVM's defaults (which end the process on HUP too).
        CountDownLatch stopped = new CountDownLatch(1);
        Signals signals = new Signals(System.err);
        signals.on(
                "TERM", "shut down with SHUTDOWN in the admin console, which also lets transactions finish", proxy -> {
                    System.err.println("berth: SIGTERM, finishing transactions (up to " + shutdownSeconds + " s)");
                    proxy.shutdown(Duration.ofSeconds(shutdownSeconds));
                    stopped.countDown();
                });
        signals.on("INT", "stop with SIGTERM or the admin console's SHUTDOWN (both let transactions finish)", proxy -> {
            proxy.close();
            stopped.countDown();
        });
        signals.on("HUP", "reload with RELOAD in the admin console", proxy -> {
            try {
                proxy.reloadFromSource();
                System.err.println("berth: configuration reloaded");
            } catch (Exception e) {
                System.err.println("berth: reload refused, keeping the running configuration: " + e.getMessage());
            }
        });
        BerthProxy proxy = null;
        try {
            proxy = BerthProxy.start(cfg);
        } finally {
            signals.started(proxy);
        }
        if (cfg.pidfile().isPresent()) {
            Path pid = cfg.pidfile().get();
            java.nio.file.Files.writeString(pid, ProcessHandle.current().pid() + "\n");
            proxy.onClose(() -> {
                try {
                    java.nio.file.Files.deleteIfExists(pid);
                } catch (java.io.IOException e) {
                    System.err.println("berth: could not remove pidfile " + pid + ": " + e.getMessage());
                }
            });
        }
        for (InetSocketAddress a : proxy.addresses()) {
            out.println("berth " + Version.current() + " listening on " + a.getHostString() + ":" + a.getPort());
        }
        out.flush();
        proxy.onClose(stopped::countDown);
        stopped.await();
        return 0;
    }
}
