package io.berth.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.ongres.scram.common.StringPreparation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslPrepTest {

    @Test
    void asciiPasswordIsUsedAsIsEvenWithControlCharacters() {
        assertThat(SaslPrep.prepare("pencil\t\u0001")).isEqualTo(utf8("pencil\t\u0001"));
    }

    @Test
    void nonAsciiPasswordIsMappedAndNormalised() {
        assertThat(SaslPrep.prepareOrNull("\uff50\uff41\uff53\uff53")).isEqualTo("pass");
        assertThat(SaslPrep.prepareOrNull("a\u00a0b\u00adc")).isEqualTo("a bc");
        assertThat(SaslPrep.prepareOrNull("cafe\u0301")).isEqualTo("caf\u00e9");
    }

    @Test
    void passwordThatSaslPrepRefusesIsUsedRaw() {
        assertThat(SaslPrep.prepareOrNull("\u05d0a\u05d1")).isNull(); // bidi rule
        assertThat(SaslPrep.prepareOrNull("\u0007\u00e9")).isNull(); // control character
        assertThat(SaslPrep.prepareOrNull("\ue000\u00e9")).isNull(); // private use
        assertThat(SaslPrep.prepare("\u0007\u00e9")).isEqualTo(utf8("\u0007\u00e9"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pencil",
                "p\u00e4ssw\u00f6rd",
                "\uff50\uff41\uff53\uff53",
                "a\u00a0b\u00adc",
                "cafe\u0301",
                "\u05d0\u05d1\u05d2",
                "\u05d0a\u05d1",
                "\u0007\u00e9",
                "\u2168\u00e9", // roman numeral nine: NFKC makes it "IX"
            })
    void agreesWithPgjdbcsPostgresPreparation(String password) {
        char[] theirs = StringPreparation.POSTGRESQL_PREPARATION.normalize(password.toCharArray());

        assertThat(SaslPrep.prepare(password)).isEqualTo(utf8(new String(theirs)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
