package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** registerMbeans=true: the pool can be watched and resized, suspended and evicted over JMX. */
class JmxIT {

    @Test
    void poolIsControlledThroughItsMXBean() throws Exception {
        BerthConfig config = BerthConfig.custom()
                .jdbcUrl(BerthDataSourceIT.PG_URL)
                .username("postgres")
                .poolName("jmx-it")
                .maximumPoolSize(3)
                .minimumIdle(1)
                .registerMbeans(true)
                .build();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.berth:type=Pool,name=\"jmx-it\"");
        try (BerthDataSource ds = new BerthDataSource(config)) {
            BerthPoolMXBean bean = JMX.newMXBeanProxy(server, name, BerthPoolMXBean.class);
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
                assertThat(bean.getActiveConnections()).isEqualTo(1);
                assertThat(server.getAttribute(name, "TotalConnections"))
                        .isEqualTo(ds.stats().total());
            }
            bean.resize(0, 5);
            assertThat(bean.getMaximumPoolSize()).isEqualTo(5);
            bean.softEvictConnections();
            assertThat(bean.getBreakerState()).isEqualTo("CLOSED");
            assertThatThrownBy(bean::suspendPool).hasMessageContaining("allowPoolSuspension=true");
        }
        assertThat(server.isRegistered(name)).as("unregistered on close").isFalse();
    }
}
