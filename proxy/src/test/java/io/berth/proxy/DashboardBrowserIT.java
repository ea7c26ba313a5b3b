package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.config.ProxyConfig;
import io.berth.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard page in a real headless Chromium, on a proxy in front of the local PostgreSQL with
 * pgjdbc clients running through it. Leaves a screenshot in target/dashboard.png.
 */
class DashboardBrowserIT {
    private static final Duration PAGE = Duration.ofSeconds(20);

    @TempDir
    Path profile;

    @Test
    void thePageShowsThePoolAndItsNumbersMoveWhileLoadRuns() throws Exception {
        Chromium.ensureInstalled();
        ProxyConfig config = ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .unixSocketDir("")
                .authType(AuthType.TRUST)
                .poolMode(PoolMode.TRANSACTION)
                .statsPeriod(Duration.ofSeconds(1))
                .adminHttpAddr("127.0.0.1:0")
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname("test")
                        .user("postgres")
                        .poolSize(2)
                        .build())
                .build();
        ChromeDriver browser = Chromium.start(profile);
        try (BerthProxy proxy = BerthProxy.start(config)) {
            try (Load load = Load.start(proxy.address().getPort(), 6, Duration.ofSeconds(30))) {
                browser.get(
                        "http://127.0.0.1:" + proxy.httpAddress().orElseThrow().getPort() + "/");

                Await.until(PAGE, () -> !pool(browser).isEmpty());
                List<String> cells = poolCells(browser);
                assertThat(cells).startsWith("test", "postgres", "transaction").contains("closed");
                assertThat(cells.get(10)).isEqualTo("127.0.0.1:5432/test up"); // the host and its state

                Await.until(PAGE, () -> number(browser, "kpi-tps") > 0 && number(browser, "kpi-qps") > 0);
                double transactions = number(browser, "kpi-xacts");
                String tps = text(browser, "kpi-tps");
                Await.until(PAGE, () -> number(browser, "kpi-xacts") > transactions);
                Await.until(PAGE, () -> !text(browser, "kpi-tps").equals(tps));
                Await.until(PAGE, () -> points(browser, "chart-rates") >= 3 && points(browser, "chart-servers") >= 3);
                assertThat(text(browser, "status-text")).startsWith("live");
                assertThat(load.queries()).isPositive();

                Files.write(Files.createDirectories(Path.of("target")).resolve("dashboard.png"), fullPage(browser));
            }
            List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .toList();
            assertThat(errors).as("the browser console's errors").isEmpty();
        } finally {
            browser.quit();
        }
    }

    /** A PNG of the whole page, 1280 pixels wide. */
    private static byte[] fullPage(ChromeDriver browser) {
        long height = ((Number) browser.executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", Math.max(900, height), "deviceScaleFactor", 1, "mobile", false));
        Map<String, Object> shot = browser.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    /** The texts of the pool's row, read at once: the page rebuilds the table every second. */
    @SuppressWarnings("unchecked")
    private static List<String> poolCells(ChromeDriver browser) {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll(\"#pools tbody tr[data-pool='test/postgres'] td\")]"
                        + ".map(td => td.textContent);");
    }

    private static List<WebElement> pool(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("#pools tbody tr[data-pool='test/postgres']"));
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** A number shown by the page ("1,234.5"), or -1 while it shows none. */
    private static double number(ChromeDriver browser, String id) {
        try {
            return Double.parseDouble(text(browser, id).replace(",", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** How many points the first line of a chart has: the chart library drew the history. */
    private static long points(ChromeDriver browser, String canvas) {
        Object n = browser.executeScript(
                "const c = Chart.getChart(arguments[0]); return c ? c.data.datasets[0].data.length : 0;", canvas);
        return ((Number) n).longValue();
    }
}
