package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.json.Json;

class JsonWriterTest {
    private static Object parse(String json) {
        return new Json().toType(json, Object.class);
    }

    @Test
    void nestedObjectsAndArraysGetTheirCommas() {
        String json = new JsonWriter()
                .beginObject()
                .field("a", 1)
                .name("list")
                .beginArray()
                .value("x")
                .value(2.5)
                .value(true)
                .nullValue()
                .beginObject()
                .endObject()
                .beginArray()
                .endArray()
                .endArray()
                .field("b", false)
                .endObject()
                .toString();

        assertThat(json).isEqualTo("{\"a\":1,\"list\":[\"x\",2.5,true,null,{},[]],\"b\":false}");
    }

    @Test
    void stringsAreEscapedSoAnyParserReadsThemBackExactly() {
        String nasty = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u0007 nul \u0000 "
                + "</script><b>&amp; line\u2028sep emoji \uD83D\uDE00 é";

        String json =
                new JsonWriter().beginObject().field(nasty, nasty).endObject().toString();

        assertThat(json).doesNotContain("</script>", "<b>", "\u2028", "\u0000", "\n");
        assertThat(parse(json)).isEqualTo(Map.of(nasty, nasty));
    }

    @Test
    void aLoneSurrogateIsKeptAsAnEscape() {
        String json = new JsonWriter().value("a\uD800b").toString();

        assertThat(json).isEqualTo("\"a\\ud800b\"");
    }

    @Test
    void numbersAreJsonNumbersAndNonFiniteOnesNull() {
        String json = new JsonWriter()
                .beginArray()
                .value(Long.MIN_VALUE)
                .value(3.0)
                .value(0.1)
                .value(1e-7)
                .value(Double.NaN)
                .value(Double.POSITIVE_INFINITY)
                .endArray()
                .toString();

        assertThat(json).isEqualTo("[-9223372036854775808,3,0.1,1.0E-7,null,null]");
        assertThat((List<?>) parse(json)).hasSize(6);
    }

    @Test
    void misuseFailsLoudly() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().toString())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("1 unclosed container(s)");
        assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").name("b"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().endArray()).isInstanceOf(IllegalStateException.class);
    }
}
