package io.berth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.DataSourceBuilder;

/** {@code spring.datasource.type=io.berth.jdbc.BerthDataSource}: Spring Boot builds it by its setters. */
class SpringDataSourceBuilderIT {

    @Test
    void springBootBuildsAWorkingBerthDataSource() throws Exception {
        DataSource ds = DataSourceBuilder.create()
                .type(BerthDataSource.class)
                .url(BerthDataSourceIT.PG_URL)
                .username("postgres")
                .password("")
                .driverClassName("org.postgresql.Driver")
                .build();
        assertThat(ds).isInstanceOf(BerthDataSource.class);
        try (BerthDataSource berth = (BerthDataSource) ds;
                Connection c = berth.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("postgres");
        }
    }
}
