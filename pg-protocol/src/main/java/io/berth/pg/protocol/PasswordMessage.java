package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client's answer to an authentication request ('p'). Its body means different things by
 * authentication state: a password (cleartext or md5, NUL-terminated), a SASLInitialResponse, or a
 * SASLResponse; the accessors read it each way.
 */
public record PasswordMessage(byte[] body) implements ClientMessage {
    public static final char TYPE = 'p';

    public PasswordMessage {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** A cleartext or md5 password: the body up to its terminating zero. */
    public String password() {
        int end = 0;
        while (end < body.length && body[end] != 0) {
            end++;
        }
        if (end != body.length - 1) {
            throw new ProtocolException("the password message must be one zero-terminated string");
        }
        return new String(body, 0, end, StandardCharsets.UTF_8);
    }

    /** SASLInitialResponse: String mechanism, Int32 length (-1 = none), bytes. */
    public SaslInitialResponse saslInitialResponse() {
        int end = 0;
        while (end < body.length && body[end] != 0) {
            end++;
        }
        if (end >= body.length || body.length < end + 5) {
            throw new ProtocolException("SASLInitialResponse is cut short");
        }
        String mechanism = new String(body, 0, end, StandardCharsets.US_ASCII);
        int p = end + 1;
        int len = ((body[p] & 0xff) << 24)
                | ((body[p + 1] & 0xff) << 16)
                | ((body[p + 2] & 0xff) << 8)
                | (body[p + 3] & 0xff);
        p += 4;
        if (len == -1) {
            len = 0;
        }
        if (len < 0 || p + len != body.length) {
            throw new ProtocolException(
                    "SASLInitialResponse declares " + len + " bytes of data but carries " + (body.length - p));
        }
        return new SaslInitialResponse(mechanism, Arrays.copyOfRange(body, p, body.length));
    }

    /** A cleartext or md5 password message. */
    public static PasswordMessage ofPassword(String password) {
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        return new PasswordMessage(Arrays.copyOf(p, p.length + 1));
    }

    /** A SASLInitialResponse message. */
    public static PasswordMessage ofSaslInitial(String mechanism, byte[] data) {
        byte[] m = mechanism.getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[m.length + 1 + 4 + data.length];
        System.arraycopy(m, 0, b, 0, m.length);
        int p = m.length + 1;
        b[p] = (byte) (data.length >>> 24);
        b[p + 1] = (byte) (data.length >>> 16);
        b[p + 2] = (byte) (data.length >>> 8);
        b[p + 3] = (byte) data.length;
        System.arraycopy(data, 0, b, p + 4, data.length);
        return new PasswordMessage(b);
    }

    /** A SASLResponse message: the data as is. */
    public static PasswordMessage ofSaslResponse(byte[] data) {
        return new PasswordMessage(data);
    }

    /** The mechanism a client chose and its first SASL message. */
    public record SaslInitialResponse(String mechanism, byte[] data) {}

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(4 + body.length).writeBytes(body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordMessage p && Arrays.equals(p.body, body);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "PasswordMessage[" + body.length + " bytes]";
    }
}
