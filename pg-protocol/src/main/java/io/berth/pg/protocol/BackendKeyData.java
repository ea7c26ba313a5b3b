package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The key a client needs to cancel its queries. Layout: 'K', Int32 length, Int32 process id, secret
 * key (4 bytes in protocol 3.0, up to 256 in 3.2).
 */
public record BackendKeyData(int processId, byte[] secretKey) implements ServerMessage {
    public static final char TYPE = 'K';

    public BackendKeyData {
        secretKey = secretKey.clone();
    }

    public static BackendKeyData of(int processId, int secretKey) {
        return new BackendKeyData(processId, keyBytes(secretKey));
    }

    static byte[] keyBytes(int key) {
        return new byte[] {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
    }

    static BackendKeyData decode(ByteBuf body) {
        int pid = Wire.readInt(body, "BackendKeyData process id");
        int len = body.readableBytes();
        if (len < 4 || len > 256) {
            throw new ProtocolException("BackendKeyData secret key has " + len + " bytes; 4 to 256 are allowed");
        }
        return new BackendKeyData(pid, Wire.readRest(body));
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** Whether a CancelRequest carries this key. */
    public boolean matches(CancelRequest cancel) {
        return cancel.processId() == processId && Arrays.equals(cancel.secretKey(), secretKey);
    }

    /** A CancelRequest for this key. */
    public CancelRequest cancelRequest() {
        return new CancelRequest(processId, secretKey);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        out.writeInt(processId).writeBytes(secretKey);
        Wire.end(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendKeyData k && k.processId == processId && Arrays.equals(k.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return processId * 31 + Arrays.hashCode(secretKey);
    }

    @Override
    public String toString() {
        return "BackendKeyData[pid=" + processId + "]";
    }
}
