package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.internal.SessionSql.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionSqlTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SET search_path TO a, b|SETTING|search_path",
                "set SESSION statement_timeout = '5s'|SETTING|statement_timeout",
                "SET LOCAL statement_timeout = 5|NONE|",
                "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE|NONE|",
                "SET TIME ZONE 'UTC'|SETTING|timezone",
                "SET SCHEMA 'x'|SETTING|search_path",
                "SET ROLE app|SETTING|role",
                "SET \"Search_Path\" = x|SETTING|Search_Path",
                "/* c */ RESET statement_timeout;|SETTING|statement_timeout",
                "RESET ALL|RESET_ALL|",
                "DISCARD ALL|RESET_ALL|",
                "LISTEN jobs|SESSION_FEATURE|LISTEN",
                "UNLISTEN jobs|NONE|",
                "PREPARE q AS select 1|SESSION_FEATURE|PREPARE (SQL prepared statements)",
                "PREPARE TRANSACTION 'x'|NONE|",
                "DECLARE c CURSOR WITH HOLD FOR select 1|SESSION_FEATURE|a WITH HOLD cursor",
                "DECLARE c CURSOR FOR select 1|NONE|",
                "CREATE TEMP TABLE t(x int)|SESSION_FEATURE|a temporary table",
                "create temporary table t(x int) on commit drop|NONE|",
                "create table t(x int)|NONE|",
                "select pg_advisory_lock(1)|SESSION_FEATURE|a session advisory lock",
                "SELECT PG_TRY_ADVISORY_LOCK(1)|SESSION_FEATURE|a session advisory lock",
                "select pg_advisory_xact_lock(1)|NONE|",
                "select 1|NONE|",
                "settle|NONE|",
                "show search_path|NONE|",
            })
    void classifies(String sql, Kind kind, String name) {
        SessionSql.Effect e = SessionSql.classify(sql);
        assertThat(e.kind()).as(sql).isEqualTo(kind);
        assertThat(e.name()).isEqualTo(name);
        ByteBuf b = Unpooled.copiedBuffer("  " + sql, StandardCharsets.UTF_8);
        assertThat(SessionSql.classify(b, 0, b.writerIndex())).as(sql).isEqualTo(e);
    }

    @Test
    void splitsAtSemicolonsOutsideStringsNamesCommentsAndDollarQuotes() {
        assertThat(SessionSql.split("select 1; set a = 'x;y'; select \"a;b\" from t;"))
                .containsExactly("select 1", " set a = 'x;y'", " select \"a;b\" from t");
        assertThat(SessionSql.split("select 'it''s; fine'; select E'\\'; x'; reset all"))
                .containsExactly("select 'it''s; fine'", " select E'\\'; x'", " reset all");
        assertThat(SessionSql.split("do $f$ begin perform 1; end $f$; -- a; comment\nlisten x"))
                .containsExactly("do $f$ begin perform 1; end $f$", " -- a; comment\nlisten x");
        assertThat(SessionSql.split("select $1; /* a; /* nested; */ still */ set role app"))
                .containsExactly("select $1", " /* a; /* nested; */ still */ set role app");
        assertThat(SessionSql.split(" ; ;select 1")).containsExactly("select 1");
    }

    @Test
    void everyStatementOfAQueryIsClassified() {
        assertThat(all("SELECT 1; SET search_path = a; select 2; LISTEN x"))
                .containsExactly(
                        new SessionSql.Effect(Kind.SETTING, "search_path"),
                        new SessionSql.Effect(Kind.SESSION_FEATURE, "LISTEN"));
        assertThat(all("set lock_timeout = 1;")).containsExactly(new SessionSql.Effect(Kind.SETTING, "lock_timeout"));
        assertThat(all("select ';set role x'; select 1")).isEmpty();
        assertThat(all("select 1")).isEmpty();
    }

    private static java.util.List<SessionSql.Effect> all(String sql) {
        ByteBuf b = Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8);
        return SessionSql.classifyAll(b, 0, b.writerIndex());
    }
}
