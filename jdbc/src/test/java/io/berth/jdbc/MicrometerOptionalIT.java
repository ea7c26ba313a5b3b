package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pool.Pool;
import io.berth.resilience.CircuitBreaker;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional for berth-jdbc users: with only berth-jdbc, berth-pool, berth-resilience,
 * slf4j and a driver on the class path (no Micrometer, no berth-micrometer), a data source starts
 * and lends connections, and asking for a metricRegistry says what is missing.
 */
class MicrometerOptionalIT {

    private static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** A loader of exactly what a user without Micrometer has, over the platform's classes. */
    private static URLClassLoader withoutMicrometer() throws ClassNotFoundException {
        List<URL> path = List.of(
                jarOf(BerthDataSource.class),
                jarOf(Pool.class),
                jarOf(CircuitBreaker.class),
                jarOf(org.slf4j.LoggerFactory.class),
                jarOf(Class.forName("org.slf4j.simple.SimpleServiceProvider")),
                jarOf(org.postgresql.Driver.class));
        assertThat(path).noneMatch(url -> url.toString().contains("micrometer"));
        return new URLClassLoader("no-micrometer", path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static Properties pg(String poolName) {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", BerthDataSourceIT.PG_URL);
        p.setProperty("driverClassName", "org.postgresql.Driver");
        p.setProperty("username", "postgres");
        p.setProperty("poolName", poolName);
        p.setProperty("maximumPoolSize", "1");
        return p;
    }

    @Test
    void aDataSourceRunsWithoutMicrometerOnTheClassPath() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = withoutMicrometer()) {
            thread.setContextClassLoader(loader);
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> type = loader.loadClass(BerthDataSource.class.getName());
            assertThat(type).isNotSameAs(BerthDataSource.class);

            DataSource ds = (DataSource) type.getConstructor(Properties.class).newInstance(pg("no-micrometer-it"));
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            } finally {
                ((AutoCloseable) ds).close();
            }

            Properties withRegistry = pg("no-micrometer-registry-it");
            withRegistry.put("metricRegistry", new Object());
            assertThatThrownBy(() -> type.getConstructor(Properties.class).newInstance(withRegistry))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metricRegistry needs Micrometer")
                    .hasMessageContaining("io.micrometer:micrometer-core")
                    .hasMessageContaining("io.berth:berth-micrometer");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
