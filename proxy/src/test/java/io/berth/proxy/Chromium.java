package io.berth.proxy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its chromedriver, for browser tests. Installs the two
 * packages when they are missing and the build runs as root, so a fresh machine needs nothing done
 * by hand; Selenium Manager is never asked to download anything.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String HOW =
            "install Debian's chromium and chromium-driver as root: apt-get update && apt-get install -y chromium"
                    + " chromium-driver";

    private Chromium() {}

    /** Makes sure {@link #BINARY} and {@link #DRIVER} are there, installing them with apt-get as root. */
    static void ensureInstalled() throws IOException, InterruptedException {
        INSTALL.lock();
        try {
            install();
        } finally {
            INSTALL.unlock();
        }
    }

    private static final java.util.concurrent.locks.ReentrantLock INSTALL =
            new java.util.concurrent.locks.ReentrantLock();

    private static void install() throws IOException, InterruptedException {
        if (installed()) {
            return;
        }
        if (!isRoot() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new AssertionError("this test needs " + BINARY + " and " + DRIVER + ", and cannot install them"
                    + " (not root, or no apt-get): " + HOW);
        }
        Path log = Files.createDirectories(Path.of("target")).resolve("chromium-install.log");
        run(log, "apt-get", "update", "-qq");
        run(log, "apt-get", "install", "-y", "-qq", "chromium", "chromium-driver");
        if (!installed()) {
            throw new AssertionError(
                    "apt-get did not install " + BINARY + " and " + DRIVER + " (see " + log + "): " + HOW);
        }
    }

    private static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(p.getInputStream().readAllBytes()).strip();
        return p.waitFor() == 0 && uid.equals("0");
    }

    private static void run(Path log, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 15 minutes (see " + log + ")");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with exit code " + p.exitValue() + " (see "
                    + log + "): " + HOW);
        }
    }

    /**
     * A headless Chromium with a new profile in {@code profile}, a 1280x900 window, and the browser's
     * console log kept for {@code driver.manage().logs()}.
     */
    static ChromeDriver start(Path profile) {
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(BINARY.toString()));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        return new ChromeDriver(service, options);
    }
}
