package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.internal.SqlCommands.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlCommandsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "DISCARD ALL|DISCARD_ALL|",
                "  discard   all ;|DISCARD_ALL|",
                "/* pool reset */ DISCARD ALL|DISCARD_ALL|",
                "-- reset\\nDISCARD ALL|DISCARD_ALL|",
                "DISCARD PLANS|OTHER|",
                "DISCARD ALL; select 1|OTHER|",
                "DEALLOCATE ALL|DEALLOCATE_ALL|",
                "deallocate prepare all|DEALLOCATE_ALL|",
                "DEALLOCATE S_1|DEALLOCATE|s_1",
                "DEALLOCATE PREPARE \"S_1\";|DEALLOCATE|S_1",
                "deallocate \"we\"\"ird name\"|DEALLOCATE|we\"ird name",
                "DEALLOCATE \"unterminated|OTHER|",
                "DEALLOCATE a b|OTHER|",
                "DEALLOCATE|OTHER|",
                "delete from t|OTHER|",
                "select 1|OTHER|",
                "''|OTHER|",
            })
    void classifiesOnlyTheWholeCommand(String sql, Kind kind, String name) {
        String text = sql.replace("\\n", "\n");
        SqlCommands.Command c = SqlCommands.classify(text);
        assertThat(c.kind()).as(text).isEqualTo(kind);
        assertThat(c.name()).isEqualTo(name);
        ByteBuf b = Unpooled.copiedBuffer("xx" + text, StandardCharsets.UTF_8);
        assertThat(SqlCommands.classify(b, 2, b.writerIndex())).isEqualTo(c);
    }
}
