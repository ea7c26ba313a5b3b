package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pg.protocol.Parse;
import io.berth.pg.protocol.Passthrough;
import io.berth.pg.protocol.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.opentelemetry.api.trace.SpanContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TraceParentTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";
    static final String HEADER = "00-" + TRACE + "-" + SPAN + "-01";

    @Test
    void applicationNameThatIsJustATraceparentIsRead() {
        assertContext(TraceParent.fromApplicationName(HEADER), true);
    }

    @Test
    void traceparentAmongOtherWordsOfTheApplicationNameIsRead() {
        assertContext(TraceParent.fromApplicationName("billing traceparent=" + HEADER), true);
        assertContext(TraceParent.fromApplicationName("billing traceparent='" + HEADER + "' v2"), true);
    }

    @Test
    void unsampledFlagIsKept() {
        SpanContext c = TraceParent.fromApplicationName("00-" + TRACE + "-" + SPAN + "-00");
        assertContext(c, false);
    }

    @Test
    void garbageInTheApplicationNameIsIgnored() {
        assertThat(TraceParent.fromApplicationName(null)).isNull();
        assertThat(TraceParent.fromApplicationName("")).isNull();
        assertThat(TraceParent.fromApplicationName("psql")).isNull();
        assertThat(TraceParent.fromApplicationName("app traceparent=00-nothex")).isNull();
        // upper-case hex, all-zero ids, version ff, a wrong separator, one character too many
        assertThat(TraceParent.fromApplicationName(HEADER.toUpperCase())).isNull();
        assertThat(TraceParent.fromApplicationName("00-" + "0".repeat(32) + "-" + SPAN + "-01"))
                .isNull();
        assertThat(TraceParent.fromApplicationName("00-" + TRACE + "-" + "0".repeat(16) + "-01"))
                .isNull();
        assertThat(TraceParent.fromApplicationName("ff" + HEADER.substring(2))).isNull();
        assertThat(TraceParent.fromApplicationName(HEADER.replace('-', '_'))).isNull();
        assertThat(TraceParent.fromApplicationName("x traceparent=" + HEADER + "0"))
                .isNull();
    }

    @Test
    void sqlcommenterCommentIsReadLeadingOrTrailing() {
        assertContext(TraceParent.fromSql("select 1 /*traceparent='" + HEADER + "'*/"), true);
        assertContext(TraceParent.fromSql("/*action='list',traceparent='" + HEADER + "'*/ select * from t"), true);
        assertContext(
                TraceParent.fromSql("select 1 /*controller='x',traceparent='" + HEADER + "',tracestate='a%3Db'*/"),
                true);
    }

    @Test
    void statementsWithoutAValidCommentGiveNothing() {
        assertThat(TraceParent.fromSql("select 1")).isNull();
        assertThat(TraceParent.fromSql("select 1 /*traceparent='00-abc'*/")).isNull();
        assertThat(TraceParent.fromSql("select 'traceparent=" + HEADER.replace('a', 'x') + "'"))
                .isNull();
    }

    @Test
    void onlyTheEndsOfALongStatementAreLookedAt() {
        String middle = "select 1 /* " + "x".repeat(TraceParent.WINDOW) + " traceparent='" + HEADER + "' "
                + "y".repeat(TraceParent.WINDOW) + " */";
        assertThat(TraceParent.fromSql(middle)).isNull();
        assertThat(TraceParent.fromMessage(new Passthrough(query('Q', null, middle), 2)))
                .isNull();
        String trailing = "select '" + "x".repeat(3 * TraceParent.WINDOW) + "' /*traceparent='" + HEADER + "'*/";
        assertContext(TraceParent.fromSql(trailing), true);
        assertContext(TraceParent.fromBytes(query('Q', null, trailing)), true);
    }

    @Test
    void rawQueryAndParseMessagesAreRead() {
        String sql = "select $1 /*traceparent='" + HEADER + "'*/";
        assertContext(TraceParent.fromBytes(query('Q', null, sql)), true);
        assertContext(TraceParent.fromBytes(query('P', "S_1", sql)), true);
        assertContext(TraceParent.fromMessage(new Query(sql)), true);
        assertContext(TraceParent.fromMessage(new Parse("", sql, new int[0])), true);
        assertThat(TraceParent.fromBytes(query('Q', null, "select 1"))).isNull();
        assertThat(TraceParent.fromBytes(Unpooled.wrappedBuffer(new byte[] {'S', 0, 0, 0, 4})))
                .isNull();
    }

    /** A 'Q' or 'P' message followed by a Sync, as a client's run of messages arrives. */
    private static ByteBuf query(char type, String name, String sql) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(type).writeInt(0);
        if (name != null) {
            b.writeBytes(name.getBytes(StandardCharsets.UTF_8)).writeByte(0);
        }
        b.writeBytes(sql.getBytes(StandardCharsets.UTF_8)).writeByte(0);
        if (type == 'P') {
            b.writeShort(0);
        }
        b.setInt(1, b.writerIndex() - 1);
        b.writeByte('S').writeInt(4);
        return b;
    }

    private static void assertContext(SpanContext c, boolean sampled) {
        assertThat(c).isNotNull();
        assertThat(c.getTraceId()).isEqualTo(TRACE);
        assertThat(c.getSpanId()).isEqualTo(SPAN);
        assertThat(c.isRemote()).isTrue();
        assertThat(c.isSampled()).isEqualTo(sampled);
    }
}
