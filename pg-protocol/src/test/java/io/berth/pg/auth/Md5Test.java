package io.berth.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Md5Test {
    private static final byte[] SALT = {0x01, (byte) 0xAB, 0x7F, (byte) 0xFF};

    @Test
    void passwordHashIsMd5OfPasswordThenUserInHex() throws Exception {
        String expected = "md5" + hex(MessageDigest.getInstance("MD5").digest(bytes("secretalice")));

        assertThat(Md5.passwordHash("alice", "secret")).isEqualTo(expected).hasSize(35);
    }

    @Test
    void responseIsMd5OfTheHexHashThenTheSalt() throws Exception {
        String hash = Md5.passwordHash("alice", "secret");
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(bytes(hash.substring(3)));
        md5.update(SALT);

        assertThat(Md5.response(hash, SALT)).isEqualTo("md5" + hex(md5.digest()));
    }

    @Test
    void verifyAcceptsTheRightAnswerAndRefusesOthers() {
        String hash = Md5.passwordHash("alice", "secret");
        String right = Md5.response(hash, SALT);

        assertThat(Md5.verify(hash, SALT, right)).isTrue();
        assertThat(Md5.verify(hash, SALT, Md5.response(Md5.passwordHash("alice", "Secret"), SALT)))
                .isFalse();
        assertThat(Md5.verify(hash, new byte[] {1, 2, 3, 4}, right)).isFalse();
        assertThat(Md5.verify(hash, SALT, right.substring(0, 34))).isFalse();
        assertThat(Md5.verify(hash, SALT, null)).isFalse();
    }

    @Test
    void responseRefusesSomethingThatIsNotAnMd5Hash() {
        assertThatThrownBy(() -> Md5.response("secret", SALT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("md5");
        assertThatThrownBy(() -> Md5.response(Md5.passwordHash("a", "b"), new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 bytes");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
