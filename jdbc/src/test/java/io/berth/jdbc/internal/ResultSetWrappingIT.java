package io.berth.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.jdbc.BerthConfig;
import io.berth.jdbc.BerthDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way JDBC hands out a result set (statements, metadata, arrays, refcursors) gives Berth's
 * wrapper, whose getStatement() is Berth's statement (or null for metadata and connection-made
 * arrays) and never the driver's, and which is closed with its statement or connection.
 */
class ResultSetWrappingIT {
    private static BerthDataSource ds;

    @BeforeAll
    static void start() {
        ds = new BerthDataSource(BerthConfig.custom()
                .jdbcUrl("jdbc:postgresql://127.0.0.1:5432/test")
                .username("postgres")
                .poolName("wrapping-it")
                .maximumPoolSize(2)
                .minimumIdle(0)
                .build());
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    private static void assertWrapped(ResultSet rs, Statement expectedStatement) throws SQLException {
        assertThat(rs).isInstanceOf(ProxyResultSet.class);
        assertThat(rs.getStatement()).isSameAs(expectedStatement);
    }

    @Test
    void resultSetsOfStatementsAnswerWithTheProxyStatementAndCloseWithIt() throws Exception {
        try (Connection c = ds.getConnection()) {
            Statement st = c.createStatement();
            ResultSet query = st.executeQuery("select 1");
            assertWrapped(query, st);
            assertThat(query.getStatement().getConnection()).isSameAs(c);
            assertThat(st.execute("select 2")).isTrue();
            ResultSet current = st.getResultSet();
            assertWrapped(current, st);
            assertThat(current.next()).isTrue();
            assertThat(current.getInt(1)).isEqualTo(2);
            st.close();
            assertThat(current.isClosed()).isTrue();
            assertThatThrownBy(current::next)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("result set is closed: its statement was closed");

            Statement keys = c.createStatement();
            keys.execute("create temporary table wrap_keys (id serial primary key, v int)");
            keys.executeUpdate("insert into wrap_keys (v) values (1)", Statement.RETURN_GENERATED_KEYS);
            ResultSet generated = keys.getGeneratedKeys();
            assertWrapped(generated, keys);
            assertThat(generated.next()).isTrue();
            assertThat(generated.getInt("id")).isEqualTo(1);

            PreparedStatement ps = c.prepareStatement("select ?::int");
            ps.setInt(1, 7);
            ResultSet prepared = ps.executeQuery();
            assertWrapped(prepared, ps);
            assertThat(ps.execute()).isTrue();
            assertWrapped(ps.getResultSet(), ps);

            CallableStatement cs = c.prepareCall("{call abs(-3)}");
            ResultSet called = cs.executeQuery();
            assertWrapped(called, cs);
            assertThat(called.getStatement().getConnection()).isSameAs(c);
            ResultSet driverResultSet = called.unwrap(org.postgresql.jdbc.PgResultSet.class);
            c.close();
            assertThat(called.isClosed()).isTrue();
            assertThat(driverResultSet.isClosed()).isTrue();
            assertThat(generated.isClosed()).isTrue();
        }
    }

    /** Queries about one table, which MariaDB refuses without a table name. */
    private static final List<String> TABLE_QUERIES = List.of(
            "getBestRowIdentifier",
            "getColumnPrivileges",
            "getVersionColumns",
            "getPrimaryKeys",
            "getImportedKeys",
            "getExportedKeys",
            "getIndexInfo",
            "getCrossReference");

    /** Null catalogs and patterns, a table name where one is required, scope 0, false. */
    private static Object[] metadataArguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] == int.class) {
                args[i] = 0;
            } else if (types[i] == boolean.class) {
                args[i] = false;
            } else if (types[i] == String.class && (i == 2 || i == 5) && TABLE_QUERIES.contains(m.getName())) {
                args[i] = "wrap_no_such_table";
            }
        }
        return args;
    }

    private static List<Method> resultSetMethodsOf(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getReturnType() == ResultSet.class && !Modifier.isStatic(m.getModifiers())) {
                methods.add(m);
            }
        }
        methods.sort(Comparator.comparing(Method::toString));
        return methods;
    }

    /**
     * Runs every metadata query on a connection of {@code source}, checks each answer is a proxy with
     * no statement, closed (with the driver's result set under it) when the connection closes.
     * Returns the queries the driver answered; those it does not implement must throw
     * SQLFeatureNotSupportedException through the proxy.
     */
    private static List<String> metadataQueriesAnswered(BerthDataSource source) throws Exception {
        List<String> answered = new ArrayList<>();
        List<ResultSet> proxies = new ArrayList<>();
        List<ResultSet> drivers = new ArrayList<>();
        Connection c = source.getConnection();
        DatabaseMetaData md = c.getMetaData();
        for (Method m : resultSetMethodsOf(DatabaseMetaData.class)) {
            ResultSet rs;
            try {
                rs = (ResultSet) m.invoke(md, metadataArguments(m));
            } catch (InvocationTargetException e) {
                assertThat(e.getCause()).as(m.getName()).isInstanceOf(SQLFeatureNotSupportedException.class);
                continue;
            }
            answered.add(m.getName());
            assertThat(rs).as(m.getName()).isInstanceOf(ProxyResultSet.class);
            assertThat(rs.getStatement()).as(m.getName()).isNull();
            proxies.add(rs);
            drivers.add(rs.unwrap(ResultSet.class));
        }
        assertThat(drivers).doesNotContainAnyElementsOf(proxies);
        proxies.get(0).close(); // closed by its user: forgotten, and not closed twice
        c.close();
        for (int i = 0; i < answered.size(); i++) {
            assertThat(proxies.get(i).isClosed()).as(answered.get(i)).isTrue();
            assertThat(drivers.get(i).isClosed())
                    .as("the driver's result set of %s", answered.get(i))
                    .isTrue();
        }
        return answered;
    }

    @Test
    void everyMetadataQueryGivesAProxyWithNoStatementClosedWithTheConnection() throws Exception {
        List<String> all = resultSetMethodsOf(DatabaseMetaData.class).stream()
                .map(Method::getName)
                .toList();
        assertThat(all).as("DatabaseMetaData's result-set methods in Java 21").hasSize(26);
        List<String> postgres = metadataQueriesAnswered(ds);
        assertThat(all.stream().filter(name -> !postgres.contains(name)))
                .as("what pgjdbc does not implement")
                .containsExactly("getAttributes", "getPseudoColumns", "getSuperTables", "getSuperTypes");
        List<String> mariadb;
        try (BerthDataSource maria = new BerthDataSource(BerthConfig.custom()
                .jdbcUrl("jdbc:mariadb://127.0.0.1:3306/test")
                .username("root")
                .password("")
                .poolName("wrapping-it-mariadb")
                .maximumPoolSize(1)
                .build())) {
            mariadb = metadataQueriesAnswered(maria);
        }
        assertThat(mariadb)
                .as("MariaDB answers the four pgjdbc does not")
                .contains("getAttributes", "getPseudoColumns", "getSuperTables", "getSuperTypes");
    }

    @Test
    void arraysGiveProxyResultSetsOfTheirStatement() throws Exception {
        try (Connection c = ds.getConnection()) {
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("select array[10, 20, 30] as a");
            assertThat(rs.next()).isTrue();
            Array array = rs.getArray(1);
            assertThat(array).isInstanceOf(ProxyArray.class);
            assertThat(rs.getObject(1)).isInstanceOf(ProxyArray.class);
            assertThat(rs.getObject("a", Array.class)).isInstanceOf(ProxyArray.class);
            assertThat((Integer[]) array.getArray()).containsExactly(10, 20, 30);
            ResultSet elements = array.getResultSet();
            assertWrapped(elements, st);
            assertThat(elements.getStatement().getConnection()).isSameAs(c);
            List<Integer> values = new ArrayList<>();
            while (elements.next()) {
                values.add(elements.getInt(2));
            }
            assertThat(values).containsExactly(10, 20, 30);
            ResultSet slice = array.getResultSet(2, 1);
            ResultSet sliceDriver = slice.unwrap(org.postgresql.jdbc.PgResultSet.class);
            st.close();
            assertThat(slice.isClosed()).isTrue();
            assertThat(sliceDriver.isClosed())
                    .as("the driver made it on a statement of its own; Berth closes it with ours")
                    .isTrue();
        }
    }

    @Test
    void arraysMadeByTheConnectionGoBackToTheDriverUnwrapped() throws Exception {
        Array made;
        ResultSet elements;
        try (Connection c = ds.getConnection()) {
            made = c.createArrayOf("int4", new Integer[] {1, 2});
            assertThat(made).isInstanceOf(ProxyArray.class);
            elements = made.getResultSet();
            assertWrapped(elements, null);
            try (PreparedStatement ps = c.prepareStatement("select array_length(?::int[], 1), ?::int[]")) {
                ps.setArray(1, made);
                ps.setObject(2, made);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                    assertThat((Integer[]) rs.getArray(2).getArray()).containsExactly(1, 2);
                }
            }
        }
        assertThat(elements.isClosed()).isTrue();
        assertThatThrownBy(made::getResultSet).hasMessageContaining("connection is closed");
    }

    @Test
    void refcursorsAreProxiesOfTheStatementThatReturnedThem() throws Exception {
        String function = "wrap_cursor_" + System.nanoTime();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("create function " + function + "() returns refcursor language plpgsql as $$"
                    + " declare cur refcursor; begin open cur for select g from generate_series(1, 3) g;"
                    + " return cur; end $$");
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false); // a refcursor lives until the end of its transaction
            CallableStatement cs = c.prepareCall("{? = call " + function + "()}");
            cs.registerOutParameter(1, Types.REF_CURSOR);
            cs.execute();
            ResultSet cursor = cs.getObject(1, ResultSet.class);
            assertWrapped(cursor, cs);
            assertThat(cursor.next()).isTrue();
            assertThat(cursor.getInt(1)).isEqualTo(1);
            ResultSet cursorDriver = cursor.unwrap(org.postgresql.jdbc.PgResultSet.class);
            cs.close();
            assertThat(cursor.isClosed()).isTrue();
            assertThat(cursorDriver.isClosed()).isTrue();

            Statement st = c.createStatement();
            ResultSet outer = st.executeQuery("select " + function + "()");
            assertThat(outer.next()).isTrue();
            Object nested = outer.getObject(1);
            assertThat(nested).isInstanceOf(ProxyResultSet.class);
            ResultSet inner = (ResultSet) nested;
            assertWrapped(inner, st);
            int rows = 0;
            while (inner.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(3);
            c.rollback();
        } finally {
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("drop function " + function + "()");
            }
        }
    }
}
