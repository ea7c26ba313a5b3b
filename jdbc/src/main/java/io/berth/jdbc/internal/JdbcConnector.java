package io.berth.jdbc.internal;

import io.berth.jdbc.BerthConfig;
import io.berth.jdbc.Credentials;
import io.berth.pool.Connector;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Opens physical JDBC connections the way a {@link BerthConfig} describes (a driver and URL, or a
 * vendor {@link DataSource} class with bean properties), applies the configured session defaults
 * and init SQL, and validates with {@link Connection#isValid(int)} or the test query.
 */
public final class JdbcConnector implements Connector<PooledConnection> {
    private final BerthConfig config;
    private final Driver driver;
    private final DataSource dataSource;
    private final Integer isolation;
    private final Supplier<Credentials> credentials;

    /**
     * @param credentials asked for every new connection (a Vault or Secrets-Manager style
     *     provider), or null to use the configured username and password
     */
    public JdbcConnector(BerthConfig config, Supplier<Credentials> credentials) throws SQLException {
        this.config = config;
        this.credentials = credentials;
        this.isolation = config.transactionIsolation() == null ? null : isolationLevel(config.transactionIsolation());
        if (config.dataSourceClassName() != null) {
            this.dataSource = newDataSource(config);
            this.driver = null;
        } else {
            this.dataSource = null;
            this.driver = driver(config);
        }
    }

    private static Driver driver(BerthConfig config) throws SQLException {
        if (config.driverClassName() != null) {
            try {
                Class<?> type = Class.forName(
                        config.driverClassName(), true, Thread.currentThread().getContextClassLoader());
                return (Driver) type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new SQLException(
                        "driverClassName '" + config.driverClassName()
                                + "' cannot be loaded as a java.sql.Driver; put the driver jar on the class path",
                        "08001",
                        e);
            }
        }
        try {
            return DriverManager.getDriver(config.jdbcUrl());
        } catch (SQLException e) {
            throw new SQLException(
                    "no JDBC driver accepts jdbcUrl '" + config.jdbcUrl()
                            + "'; put the driver jar on the class path or set driverClassName",
                    "08001",
                    e);
        }
    }

    private static DataSource newDataSource(BerthConfig config) throws SQLException {
        try {
            Class<?> type = Class.forName(
                    config.dataSourceClassName(), true, Thread.currentThread().getContextClassLoader());
            DataSource ds = (DataSource) type.getDeclaredConstructor().newInstance();
            for (Map.Entry<String, String> p : config.dataSourceProperties().entrySet()) {
                setBeanProperty(ds, p.getKey(), p.getValue());
            }
            return ds;
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new SQLException(
                    "dataSourceClassName '" + config.dataSourceClassName()
                            + "' cannot be instantiated as a javax.sql.DataSource",
                    "08001",
                    e);
        }
    }

    private static void setBeanProperty(Object bean, String name, String value) throws ReflectiveOperationException {
        String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (Method m : bean.getClass().getMethods()) {
            if (m.getName().equals(setter) && m.getParameterCount() == 1) {
                Class<?> t = m.getParameterTypes()[0];
                Object arg = t == int.class || t == Integer.class
                        ? Integer.valueOf(value)
                        : t == long.class || t == Long.class
                                ? Long.valueOf(value)
                                : t == boolean.class || t == Boolean.class ? Boolean.valueOf(value) : value;
                m.invoke(bean, arg);
                return;
            }
        }
        throw new NoSuchMethodException(
                "dataSource property '" + name + "': " + bean.getClass().getName() + " has no " + setter + "(...)");
    }

    static int isolationLevel(String name) {
        return switch (name) {
            case "TRANSACTION_NONE" -> Connection.TRANSACTION_NONE;
            case "TRANSACTION_READ_UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case "TRANSACTION_READ_COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
            case "TRANSACTION_REPEATABLE_READ" -> Connection.TRANSACTION_REPEATABLE_READ;
            case "TRANSACTION_SERIALIZABLE" -> Connection.TRANSACTION_SERIALIZABLE;
            default -> throw new IllegalArgumentException("unknown transactionIsolation " + name);
        };
    }

    @Override
    public PooledConnection create() throws SQLException {
        Connection raw = open();
        try {
            if (raw.getAutoCommit() != config.autoCommit()) {
                raw.setAutoCommit(config.autoCommit());
            }
            if (config.readOnly()) {
                raw.setReadOnly(true);
            }
            if (isolation != null) {
                raw.setTransactionIsolation(isolation);
            }
            if (config.catalog() != null) {
                raw.setCatalog(config.catalog());
            }
            if (config.schema() != null) {
                raw.setSchema(config.schema());
            }
            if (config.connectionInitSql() != null) {
                try (Statement st = raw.createStatement()) {
                    st.execute(config.connectionInitSql());
                }
                if (!raw.getAutoCommit()) {
                    raw.commit();
                }
            }
            return new PooledConnection(raw);
        } catch (SQLException | RuntimeException e) {
            try {
                raw.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private Connection open() throws SQLException {
        Credentials c = credentials != null ? credentials.get() : null;
        String user = c != null ? c.username() : config.username();
        String password = c != null ? c.password() : config.password();
        if (dataSource != null) {
            return user == null ? dataSource.getConnection() : dataSource.getConnection(user, password);
        }
        Properties props = new Properties();
        props.putAll(config.dataSourceProperties());
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        Connection raw = driver.connect(config.jdbcUrl(), props);
        if (raw == null) {
            throw new SQLException(
                    "driver " + driver.getClass().getName() + " does not accept jdbcUrl '" + config.jdbcUrl() + "'",
                    "08001");
        }
        return raw;
    }

    @Override
    public boolean validate(PooledConnection connection, Duration timeout) throws SQLException {
        Connection raw = connection.raw();
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        if (config.connectionTestQuery() == null) {
            return raw.isValid(seconds);
        }
        try (Statement st = raw.createStatement()) {
            st.setQueryTimeout(seconds);
            st.execute(config.connectionTestQuery());
        }
        if (!raw.getAutoCommit()) {
            raw.rollback();
        }
        return true;
    }

    @Override
    public void reset(PooledConnection connection) throws SQLException {
        connection.reset();
    }

    @Override
    public void close(PooledConnection connection) throws SQLException {
        connection.raw().close();
    }
}
