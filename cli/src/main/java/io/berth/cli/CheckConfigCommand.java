package io.berth.cli;

import io.berth.proxy.config.ConfigException;
import io.berth.proxy.config.ProxyConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth check-config CONFIG}: reads the configuration and says what is wrong, if anything. */
@Command(name = "check-config", description = "Check a configuration file and print its warnings.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "the configuration file (PgBouncer's format)")
    Path config;

    @Override
    public Integer call() {
        PrintStream out = Main.OUT.get();
        try {
            ProxyConfig cfg = load(config, out);
            out.println(config + ": OK (" + cfg.databases().size() + " databases, pool_mode "
                    + cfg.poolMode().name().toLowerCase(java.util.Locale.ROOT) + ", listening on " + cfg.listenAddr()
                    + ":" + cfg.listenPort()
                    + ")");
            return 0;
        } catch (ConfigException e) {
            out.println(e.getMessage());
            return 1;
        }
    }

    /** Loads a configuration, printing its warnings. */
    static ProxyConfig load(Path path, PrintStream warnings) throws ConfigException {
        ProxyConfig cfg = ProxyConfig.load(path);
        for (String w : cfg.warnings()) {
            warnings.println("warning: " + w);
        }
        return cfg;
    }
}
