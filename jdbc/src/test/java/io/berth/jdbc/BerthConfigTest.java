package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The settings Berth adds to HikariCP's: how they are given, and how bad values are refused. */
class BerthConfigTest {

    private static BerthConfig.Builder base() {
        return BerthConfig.custom().jdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
    }

    @Test
    void metricRegistryTakesAMeterRegistryObjectFromTheBuilderOrTheProperties() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BerthConfig built =
                base().metricRegistry(registry).hikariMetricNames(true).build();
        assertThat(built.metricRegistry()).isSameAs(registry);
        assertThat(built.hikariMetricNames()).isTrue();

        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://127.0.0.1:5432/test");
        p.put("metricRegistry", registry);
        p.setProperty("hikariMetricNames", "true");
        BerthConfig fromProperties = BerthConfig.fromProperties(p);
        assertThat(fromProperties.metricRegistry()).isSameAs(registry);
        assertThat(fromProperties.hikariMetricNames()).isTrue();
        assertThat(BerthConfig.from(fromProperties).build().metricRegistry()).isSameAs(registry);
    }

    @Test
    void aMetricRegistryThatIsNoMeterRegistryIsRefusedByName() {
        assertThatThrownBy(() -> base().metricRegistry(new StringBuilder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metricRegistry must be an io.micrometer.core.instrument.MeterRegistry")
                .hasMessageContaining("java.lang.StringBuilder");
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://127.0.0.1:5432/test");
        p.setProperty("metricRegistry", "java:comp/env/metrics");
        assertThatThrownBy(() -> BerthConfig.fromProperties(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metricRegistry must be a Micrometer MeterRegistry object")
                .hasMessageContaining("java:comp/env/metrics");
    }

    @Test
    void hikariMetricNamesWithoutARegistryIsRefused() {
        assertThatThrownBy(() -> base().hikariMetricNames(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hikariMetricNames=true needs metricRegistry");
        assertThatThrownBy(() -> base().set("hikariMetricNames", "yes"))
                .hasMessageContaining("hikariMetricNames must be true or false, was 'yes'");
        assertThat(base().build().metricRegistry()).isNull();
        assertThat(base().build().hikariMetricNames()).isFalse();
    }

    @Test
    void unknownSettingsListTheNewOnes() {
        assertThatThrownBy(() -> base().set("metricsRegistry", "x"))
                .hasMessageContaining("unknown setting 'metricsRegistry'")
                .hasMessageContaining("metricRegistry")
                .hasMessageContaining("hikariMetricNames");
    }

    @Test
    void replicaUrlsComeAsAListOrCommaSeparatedAndMultiHostUrlsKeepTheirCommas() {
        assertThat(base().build().replicaUrls()).isEmpty();
        assertThat(base().replicaUrls(List.of("jdbc:postgresql://r1/db", " jdbc:postgresql://r2/db "))
                        .build()
                        .replicaUrls())
                .containsExactly("jdbc:postgresql://r1/db", "jdbc:postgresql://r2/db");

        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://primary/db");
        p.setProperty(
                "replicaUrls",
                "jdbc:postgresql://r1:5432/db, jdbc:postgresql://r2a:5432,r2b:5432/db?targetServerType=secondary,"
                        + "jdbc:mariadb://r3/db");
        assertThat(BerthConfig.fromProperties(p).replicaUrls())
                .containsExactly(
                        "jdbc:postgresql://r1:5432/db",
                        "jdbc:postgresql://r2a:5432,r2b:5432/db?targetServerType=secondary",
                        "jdbc:mariadb://r3/db");
        p.setProperty("replicaUrls", "");
        assertThat(BerthConfig.fromProperties(p).replicaUrls()).isEmpty();
    }

    @Test
    void badReplicaUrlsAreRefusedNamingTheSettingAndTheEntry() {
        assertThatThrownBy(() -> base().set("replicaUrls", "r1:5432/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicaUrls must be JDBC URLs (jdbc:...)")
                .hasMessageContaining("entry 1 was 'r1:5432/db'");
        assertThatThrownBy(() -> base().set("replicaUrls", "jdbc:postgresql://r1/db, r2/db"))
                .hasMessageContaining("replicaUrls entry 1 'jdbc:postgresql://r1/db, r2/db' contains whitespace");
        assertThatThrownBy(() -> base().replicaUrls(List.of("jdbc:postgresql://r1/db", "jdbc:postgresql://r1/db")))
                .hasMessageContaining("replicaUrls must be distinct; 'jdbc:postgresql://r1/db' is there twice");
        assertThatThrownBy(() -> base().replicaUrls(null)).hasMessageContaining("replicaUrls must be a list");
        assertThatThrownBy(() -> BerthConfig.custom()
                        .dataSourceClassName("org.postgresql.ds.PGSimpleDataSource")
                        .replicaUrls(List.of("jdbc:postgresql://r1/db"))
                        .build())
                .hasMessageContaining("replicaUrls needs the primary's jdbcUrl");
    }
}
