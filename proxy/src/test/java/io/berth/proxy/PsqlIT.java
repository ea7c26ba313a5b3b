package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.PoolMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real psql through the proxy in every pool mode: simple protocol, several statements, \copy. */
class PsqlIT {

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void psqlRunsSeveralStatementsInOneQuery(PoolMode mode) throws Exception {
        try (TestProxy proxy = TestProxy.start(mode)) {
            Tools.Result r = Tools.psql(proxy.port, "test", null, "-tA", "-c", "select 1; select 'two'; select 3");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.lines()).containsExactly("1", "two", "3");
        }
    }

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void psqlCopiesOutAndIn(PoolMode mode) throws Exception {
        try (TestProxy proxy = TestProxy.start(mode)) {
            String table = "psql_copy_" + mode.name().toLowerCase();
            Tools.Result setup = Tools.psql(
                    proxy.port,
                    "test",
                    null,
                    "-c",
                    "drop table if exists " + table + "; create table " + table + " (n int, s text)");
            assertThat(setup.exitCode()).as(setup.output()).isZero();
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                data.append(i).append('\t').append("row ").append(i).append('\n');
            }
            Tools.Result in = Tools.psql(proxy.port, "test", data.toString(), "-c", "\\copy " + table + " from stdin");
            assertThat(in.exitCode()).as(in.output()).isZero();
            assertThat(in.output()).contains("COPY 5000");
            Tools.Result out = Tools.psql(
                    proxy.port, "test", null, "-c", "\\copy (select n, s from " + table + " order by n) to stdout");
            assertThat(out.exitCode()).as(out.output()).isZero();
            assertThat(out.lines()).hasSize(5000).startsWith("0\trow 0").endsWith("4999\trow 4999");
            Tools.psql(proxy.port, "test", null, "-c", "drop table " + table);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = PoolMode.class,
            names = {"SESSION", "TRANSACTION"})
    void psqlScriptWithATransactionAndAnErrorBehavesAsOnPostgres(PoolMode mode) throws Exception {
        try (TestProxy proxy = TestProxy.start(mode)) {
            String script =
                    "begin;\ncreate temp table tmp_x (x int) on commit drop;\ninsert into tmp_x values (1), (2);\n"
                            + "select sum(x) from tmp_x;\ncommit;\nselect 1/0;\n";
            Tools.Result r = Tools.run(
                    script,
                    60,
                    "psql",
                    "-X",
                    "-tA",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(proxy.port),
                    "-U",
                    "postgres",
                    "-d",
                    "test");
            assertThat(r.output()).contains("3").contains("division by zero");
        }
    }
}
