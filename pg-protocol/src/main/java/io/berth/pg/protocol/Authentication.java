package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An authentication request or result ('R'). Layout: 'R', Int32 length, Int32 kind, then by kind:
 * nothing (Ok 0, cleartext 3), a 4-byte salt (md5 5), mechanism names each NUL-terminated and a
 * final zero (SASL 10), or SASL data (SASLContinue 11, SASLFinal 12).
 */
public record Authentication(int kind, byte[] data) implements ServerMessage {
    public static final char TYPE = 'R';
    public static final int OK = 0;
    public static final int CLEARTEXT_PASSWORD = 3;
    public static final int MD5_PASSWORD = 5;
    public static final int SASL = 10;
    public static final int SASL_CONTINUE = 11;
    public static final int SASL_FINAL = 12;

    public Authentication {
        data = data.clone();
    }

    public static Authentication ok() {
        return new Authentication(OK, new byte[0]);
    }

    public static Authentication cleartextPassword() {
        return new Authentication(CLEARTEXT_PASSWORD, new byte[0]);
    }

    public static Authentication md5Password(byte[] salt) {
        if (salt.length != 4) {
            throw new IllegalArgumentException("an md5 salt has 4 bytes, not " + salt.length);
        }
        return new Authentication(MD5_PASSWORD, salt);
    }

    public static Authentication sasl(List<String> mechanisms) {
        StringBuilder sb = new StringBuilder();
        for (String m : mechanisms) {
            sb.append(m).append('\0');
        }
        sb.append('\0');
        return new Authentication(SASL, sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    public static Authentication saslContinue(byte[] data) {
        return new Authentication(SASL_CONTINUE, data);
    }

    public static Authentication saslFinal(byte[] data) {
        return new Authentication(SASL_FINAL, data);
    }

    static Authentication decode(ByteBuf body) {
        int kind = Wire.readInt(body, "Authentication kind");
        byte[] data = Wire.readRest(body);
        if (kind == MD5_PASSWORD && data.length != 4) {
            throw new ProtocolException("AuthenticationMD5Password must carry a 4-byte salt, not " + data.length);
        }
        return new Authentication(kind, data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The mechanisms an AuthenticationSASL offers. */
    public List<String> mechanisms() {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                if (i == start) {
                    break;
                }
                out.add(new String(data, start, i - start, StandardCharsets.US_ASCII));
                start = i + 1;
            }
        }
        return out;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(8 + data.length).writeInt(kind).writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Authentication a && a.kind == kind && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return kind * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Authentication[kind=" + kind + ", " + data.length + " bytes]";
    }
}
