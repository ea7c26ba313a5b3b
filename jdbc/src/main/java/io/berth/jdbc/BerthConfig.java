package io.berth.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Immutable settings of a {@link BerthDataSource}, named as HikariCP names them so that an existing
 * HikariCP configuration works unchanged. Built by a validating builder ({@link #custom()}, {@link
 * #from(BerthConfig)}) or from {@link Properties} ({@link #fromProperties(Properties)}); a bad value
 * throws {@link IllegalArgumentException} naming the setting, the value and the allowed range.
 * Where HikariCP silently raises a too-small value to its minimum, Berth refuses it.
 */
public final class BerthConfig {
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String driverClassName;
    private final String dataSourceClassName;
    private final Map<String, String> dataSourceProperties;
    private final int maximumPoolSize;
    private final int minimumIdle;
    private final Duration connectionTimeout;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Duration keepaliveTime;
    private final Duration validationTimeout;
    private final Duration leakDetectionThreshold;
    private final long initializationFailTimeout;
    private final String connectionTestQuery;
    private final String connectionInitSql;
    private final boolean autoCommit;
    private final boolean readOnly;
    private final String transactionIsolation;
    private final String catalog;
    private final String schema;
    private final String poolName;
    private final boolean registerMbeans;
    private final boolean allowPoolSuspension;
    private final Object metricRegistry;
    private final boolean hikariMetricNames;
    private final List<String> replicaUrls;

    private BerthConfig(Builder b) {
        jdbcUrl = b.jdbcUrl;
        username = b.username;
        password = b.password;
        driverClassName = b.driverClassName;
        dataSourceClassName = b.dataSourceClassName;
        dataSourceProperties = Map.copyOf(b.dataSourceProperties);
        maximumPoolSize = b.maximumPoolSize;
        minimumIdle = b.minimumIdle < 0 ? b.maximumPoolSize : b.minimumIdle;
        connectionTimeout = b.connectionTimeout;
        idleTimeout = b.idleTimeout;
        maxLifetime = b.maxLifetime;
        keepaliveTime = b.keepaliveTime;
        validationTimeout = b.validationTimeout;
        leakDetectionThreshold = b.leakDetectionThreshold;
        initializationFailTimeout = b.initializationFailTimeout;
        connectionTestQuery = b.connectionTestQuery;
        connectionInitSql = b.connectionInitSql;
        autoCommit = b.autoCommit;
        readOnly = b.readOnly;
        transactionIsolation = b.transactionIsolation;
        catalog = b.catalog;
        schema = b.schema;
        poolName = b.poolName != null ? b.poolName : "berth-jdbc";
        registerMbeans = b.registerMbeans;
        allowPoolSuspension = b.allowPoolSuspension;
        metricRegistry = b.metricRegistry;
        hikariMetricNames = b.hikariMetricNames;
        replicaUrls = b.replicaUrls;
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(BerthConfig base) {
        return new Builder(base);
    }

    /**
     * Reads HikariCP-named properties ({@code jdbcUrl}, {@code maximumPoolSize}, {@code
     * dataSource.*} ...); durations are milliseconds, as in HikariCP. An unknown name is refused
     * with the list of known ones. {@code metricRegistry}, as in HikariCP, is the registry object
     * itself put into the properties.
     */
    public static BerthConfig fromProperties(Properties properties) {
        Builder b = custom();
        for (String name : new TreeMap<>(properties)
                .keySet().stream().map(Object::toString).toList()) {
            if (name.equals("metricRegistry")) {
                b.metricRegistry(properties.get(name));
            } else {
                b.set(name, properties.getProperty(name));
            }
        }
        return b.build();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    /** The password; never printed by {@link #toString()}. */
    public String password() {
        return password;
    }

    public String driverClassName() {
        return driverClassName;
    }

    public String dataSourceClassName() {
        return dataSourceClassName;
    }

    public Map<String, String> dataSourceProperties() {
        return dataSourceProperties;
    }

    public int maximumPoolSize() {
        return maximumPoolSize;
    }

    /** Defaults to maximumPoolSize, as in HikariCP. */
    public int minimumIdle() {
        return minimumIdle;
    }

    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration maxLifetime() {
        return maxLifetime;
    }

    public Duration keepaliveTime() {
        return keepaliveTime;
    }

    public Duration validationTimeout() {
        return validationTimeout;
    }

    public Duration leakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /** Milliseconds to wait for the first connection at start; negative skips the check. */
    public long initializationFailTimeout() {
        return initializationFailTimeout;
    }

    public String connectionTestQuery() {
        return connectionTestQuery;
    }

    public String connectionInitSql() {
        return connectionInitSql;
    }

    public boolean autoCommit() {
        return autoCommit;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** A {@code TRANSACTION_*} name of {@link java.sql.Connection}, or null for the driver's. */
    public String transactionIsolation() {
        return transactionIsolation;
    }

    public String catalog() {
        return catalog;
    }

    public String schema() {
        return schema;
    }

    public String poolName() {
        return poolName;
    }

    public boolean registerMbeans() {
        return registerMbeans;
    }

    public boolean allowPoolSuspension() {
        return allowPoolSuspension;
    }

    /**
     * The Micrometer {@code MeterRegistry} the data source binds its pools' meters to while it runs
     * (OpenTelemetry's {@code db.client.connection.*} names), or null for none.
     */
    public Object metricRegistry() {
        return metricRegistry;
    }

    /** Whether the pools' meters are also published under HikariCP's {@code hikaricp.connections.*} names. */
    public boolean hikariMetricNames() {
        return hikariMetricNames;
    }

    /**
     * JDBC URLs of read replicas of the database at {@link #jdbcUrl()}, each served by a pool of its
     * own with this config's limits, through {@link BerthDataSource#readOnly()}. Empty by default.
     */
    public List<String> replicaUrls() {
        return replicaUrls;
    }

    @Override
    public String toString() {
        return "BerthConfig[poolName=" + poolName + ", jdbcUrl=" + jdbcUrl + ", username=" + username
                + ", password=" + (password == null ? "null" : "<hidden>") + ", maximumPoolSize="
                + maximumPoolSize + ", minimumIdle=" + minimumIdle + ", connectionTimeout=" + connectionTimeout
                + ", idleTimeout=" + idleTimeout + ", maxLifetime=" + maxLifetime + ", keepaliveTime="
                + keepaliveTime + (replicaUrls.isEmpty() ? "" : ", replicaUrls=" + replicaUrls) + "]";
    }

    /** Validating builder; setter names follow HikariCP's. */
    public static final class Builder {
        private String jdbcUrl;
        private String username;
        private String password;
        private String driverClassName;
        private String dataSourceClassName;
        private final Map<String, String> dataSourceProperties = new TreeMap<>();
        private int maximumPoolSize = 10;
        private int minimumIdle = -1;
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration keepaliveTime = Duration.ofMinutes(2);
        private Duration validationTimeout = Duration.ofSeconds(5);
        private Duration leakDetectionThreshold = Duration.ZERO;
        private long initializationFailTimeout = 1;
        private String connectionTestQuery;
        private String connectionInitSql;
        private boolean autoCommit = true;
        private boolean readOnly;
        private String transactionIsolation;
        private String catalog;
        private String schema;
        private String poolName;
        private boolean registerMbeans;
        private boolean allowPoolSuspension;
        private Object metricRegistry;
        private boolean hikariMetricNames;
        private List<String> replicaUrls = List.of();

        private Builder() {}

        private Builder(BerthConfig c) {
            jdbcUrl = c.jdbcUrl;
            username = c.username;
            password = c.password;
            driverClassName = c.driverClassName;
            dataSourceClassName = c.dataSourceClassName;
            dataSourceProperties.putAll(c.dataSourceProperties);
            maximumPoolSize = c.maximumPoolSize;
            minimumIdle = c.minimumIdle;
            connectionTimeout = c.connectionTimeout;
            idleTimeout = c.idleTimeout;
            maxLifetime = c.maxLifetime;
            keepaliveTime = c.keepaliveTime;
            validationTimeout = c.validationTimeout;
            leakDetectionThreshold = c.leakDetectionThreshold;
            initializationFailTimeout = c.initializationFailTimeout;
            connectionTestQuery = c.connectionTestQuery;
            connectionInitSql = c.connectionInitSql;
            autoCommit = c.autoCommit;
            readOnly = c.readOnly;
            transactionIsolation = c.transactionIsolation;
            catalog = c.catalog;
            schema = c.schema;
            poolName = c.poolName;
            registerMbeans = c.registerMbeans;
            allowPoolSuspension = c.allowPoolSuspension;
            metricRegistry = c.metricRegistry;
            hikariMetricNames = c.hikariMetricNames;
            replicaUrls = c.replicaUrls;
        }

        public Builder jdbcUrl(String url) {
            this.jdbcUrl = url;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder driverClassName(String name) {
            this.driverClassName = name;
            return this;
        }

        public Builder dataSourceClassName(String name) {
            this.dataSourceClassName = name;
            return this;
        }

        public Builder dataSourceProperty(String name, String value) {
            dataSourceProperties.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder maximumPoolSize(int n) {
            this.maximumPoolSize = Limits.intIn("maximumPoolSize", n, 1, 100_000);
            return this;
        }

        public Builder minimumIdle(int n) {
            this.minimumIdle = Limits.intIn("minimumIdle", n, 0, 100_000);
            return this;
        }

        public Builder connectionTimeout(Duration d) {
            this.connectionTimeout = Limits.atLeast("connectionTimeout", d, Duration.ofMillis(250), false);
            return this;
        }

        public Builder idleTimeout(Duration d) {
            this.idleTimeout = Limits.atLeast("idleTimeout", d, Duration.ofSeconds(10), true);
            return this;
        }

        public Builder maxLifetime(Duration d) {
            this.maxLifetime = Limits.atLeast("maxLifetime", d, Duration.ofSeconds(30), true);
            return this;
        }

        public Builder keepaliveTime(Duration d) {
            this.keepaliveTime = Limits.atLeast("keepaliveTime", d, Duration.ofSeconds(30), true);
            return this;
        }

        public Builder validationTimeout(Duration d) {
            this.validationTimeout = Limits.atLeast("validationTimeout", d, Duration.ofMillis(250), false);
            return this;
        }

        public Builder leakDetectionThreshold(Duration d) {
            this.leakDetectionThreshold = Limits.atLeast("leakDetectionThreshold", d, Duration.ofSeconds(2), true);
            return this;
        }

        public Builder initializationFailTimeout(long millis) {
            this.initializationFailTimeout = millis;
            return this;
        }

        public Builder connectionTestQuery(String sql) {
            this.connectionTestQuery = sql;
            return this;
        }

        public Builder connectionInitSql(String sql) {
            this.connectionInitSql = sql;
            return this;
        }

        public Builder autoCommit(boolean autoCommit) {
            this.autoCommit = autoCommit;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** A {@code TRANSACTION_*} constant name of {@link java.sql.Connection}. */
        public Builder transactionIsolation(String name) {
            this.transactionIsolation = name == null ? null : Limits.isolation(name);
            return this;
        }

        public Builder catalog(String catalog) {
            this.catalog = catalog;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder poolName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("poolName must be a non-blank string, was " + name);
            }
            this.poolName = name;
            return this;
        }

        public Builder registerMbeans(boolean register) {
            this.registerMbeans = register;
            return this;
        }

        public Builder allowPoolSuspension(boolean allow) {
            this.allowPoolSuspension = allow;
            return this;
        }

        /**
         * A Micrometer {@code MeterRegistry} (typed Object, as in HikariCP, so that berth-jdbc needs
         * Micrometer only when it is used): the data source binds its pools' meters to it when it
         * starts and removes them when it closes. Needs micrometer-core and berth-micrometer on the
         * class path; null for no metrics.
         *
         * @throws IllegalArgumentException when {@code registry} is not a MeterRegistry, or Micrometer
         *     or berth-micrometer is missing
         */
        public Builder metricRegistry(Object registry) {
            this.metricRegistry = registry == null ? null : Limits.meterRegistry(registry);
            return this;
        }

        /**
         * Also publish the pools' meters under HikariCP's names ({@code hikaricp.connections},
         * {@code hikaricp.connections.acquire} ..., tagged {@code pool}), so HikariCP dashboards keep
         * working. Needs {@link #metricRegistry}. Default false.
         */
        public Builder hikariMetricNames(boolean publish) {
            this.hikariMetricNames = publish;
            return this;
        }

        /**
         * Read replicas of the primary at {@code jdbcUrl}: {@link BerthDataSource#readOnly()} spreads
         * its borrowers across them, each replica with a pool of its own and this config's limits.
         * Each entry must be a distinct JDBC URL ({@code jdbc:...}); an empty list means none.
         */
        public Builder replicaUrls(List<String> urls) {
            this.replicaUrls = Limits.replicaUrls(urls);
            return this;
        }

        /** Sets one setting by its HikariCP property name; {@code dataSource.x} sets a driver property. */
        public Builder set(String name, String value) {
            if (name.startsWith("dataSource.")) {
                return dataSourceProperty(name.substring("dataSource.".length()), value);
            }
            switch (name) {
                case "jdbcUrl" -> jdbcUrl(value);
                case "username" -> username(value);
                case "password" -> password(value);
                case "driverClassName" -> driverClassName(value);
                case "dataSourceClassName" -> dataSourceClassName(value);
                case "maximumPoolSize" -> maximumPoolSize(Limits.parseInt(name, value));
                case "minimumIdle" -> minimumIdle(Limits.parseInt(name, value));
                case "connectionTimeout" -> connectionTimeout(Limits.millis(name, value));
                case "idleTimeout" -> idleTimeout(Limits.millis(name, value));
                case "maxLifetime" -> maxLifetime(Limits.millis(name, value));
                case "keepaliveTime" -> keepaliveTime(Limits.millis(name, value));
                case "validationTimeout" -> validationTimeout(Limits.millis(name, value));
                case "leakDetectionThreshold" -> leakDetectionThreshold(Limits.millis(name, value));
                case "initializationFailTimeout" -> initializationFailTimeout(Limits.parseLong(name, value));
                case "connectionTestQuery" -> connectionTestQuery(value);
                case "connectionInitSql" -> connectionInitSql(value);
                case "autoCommit" -> autoCommit(Limits.parseBoolean(name, value));
                case "readOnly" -> readOnly(Limits.parseBoolean(name, value));
                case "transactionIsolation" -> transactionIsolation(value);
                case "catalog" -> catalog(value);
                case "schema" -> schema(value);
                case "poolName" -> poolName(value);
                case "registerMbeans" -> registerMbeans(Limits.parseBoolean(name, value));
                case "allowPoolSuspension" -> allowPoolSuspension(Limits.parseBoolean(name, value));
                case "metricRegistry" -> metricRegistry(value);
                case "hikariMetricNames" -> hikariMetricNames(Limits.parseBoolean(name, value));
                case "replicaUrls" -> replicaUrls(Limits.splitUrls(value));
                default ->
                    throw new IllegalArgumentException("unknown setting '" + name + "'; known settings: "
                            + String.join(", ", Limits.KNOWN) + " and dataSource.*");
            }
            return this;
        }

        /** The settings so far without the cross-setting checks, for reading back bean properties. */
        BerthConfig buildUnchecked() {
            return new BerthConfig(this);
        }

        public BerthConfig build() {
            if ((jdbcUrl == null) == (dataSourceClassName == null)) {
                throw new IllegalArgumentException("set exactly one of jdbcUrl and dataSourceClassName (jdbcUrl="
                        + jdbcUrl + ", dataSourceClassName=" + dataSourceClassName + ")");
            }
            if (minimumIdle > maximumPoolSize) {
                throw new IllegalArgumentException(
                        "minimumIdle must be in [0, maximumPoolSize=" + maximumPoolSize + "], was " + minimumIdle);
            }
            if (!replicaUrls.isEmpty() && jdbcUrl == null) {
                throw new IllegalArgumentException("replicaUrls needs the primary's jdbcUrl (replicas cannot be"
                        + " combined with dataSourceClassName=" + dataSourceClassName + ")");
            }
            if (hikariMetricNames && metricRegistry == null) {
                throw new IllegalArgumentException(
                        "hikariMetricNames=true needs metricRegistry (the MeterRegistry to publish to)");
            }
            return new BerthConfig(this);
        }
    }
}
