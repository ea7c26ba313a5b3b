package io.berth.pg.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TypeSetTest {
    @Test
    void holdsExactlyItsTypesOnBothWords() {
        TypeSet set = TypeSet.of("1QSX"); // '1' is below 64, the letters above
        for (int t = 0; t < 256; t++) {
            assertThat(set.has(t)).as("type %d", t).isEqualTo("1QSX".indexOf(t) >= 0);
        }
        assertThat(TypeSet.NONE.has('Q')).isFalse();
        assertThat(TypeSet.of("").has('Q')).isFalse();
    }

    @Test
    void theSameStringGivesTheSameSharedSet() {
        assertThat(TypeSet.of("QSF")).isSameAs(TypeSet.of("QSF"));
    }

    @Test
    void minusRemovesTheOtherSetsTypes() {
        TypeSet left = TypeSet.of("QSF1").minus(TypeSet.of("S1"));
        assertThat(left.has('Q')).isTrue();
        assertThat(left.has('F')).isTrue();
        assertThat(left.has('S')).isFalse();
        assertThat(left.has('1')).isFalse();
    }

    @Test
    void aCharacterThatIsNoTypeByteIsRefusedByName() {
        assertThatThrownBy(() -> TypeSet.of("Q\u00e9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("0xe9 is not a message type (they are ASCII)");
        assertThatThrownBy(() -> TypeSet.of("\u0100"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("0x100 is not a message type (they are ASCII)");
    }
}
