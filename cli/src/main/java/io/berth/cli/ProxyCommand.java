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
import sun.misc.Signal;

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
        BerthProxy proxy = BerthProxy.start(cfg);
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
        CountDownLatch stopped = new CountDownLatch(1);
        Signal.handle(
                new Signal("TERM"),
                s -> Thread.ofPlatform().start(() -> {
                    System.err.println("berth: SIGTERM, finishing transactions (up to " + shutdownSeconds + " s)");
                    proxy.shutdown(Duration.ofSeconds(shutdownSeconds));
                    stopped.countDown();
                }));
        Signal.handle(
                new Signal("INT"),
                s -> Thread.ofPlatform().start(() -> {
                    proxy.close();
                    stopped.countDown();
                }));
        Signal.handle(
                new Signal("HUP"),
                s -> Thread.ofPlatform().start(() -> {
                    try {
                        proxy.reloadFromSource();
                        System.err.println("berth: configuration reloaded");
                    } catch (Exception e) {
                        System.err.println(
                                "berth: reload refused, keeping the running configuration: " + e.getMessage());
                    }
                }));
        for (InetSocketAddress a : proxy.addresses()) {
            out.println("berth " + Version.current() + " listening on " + a.getHostString() + ":" + a.getPort());
        }
        out.flush();
        proxy.onClose(stopped::countDown);
        stopped.await();
        return 0;
    }
}
