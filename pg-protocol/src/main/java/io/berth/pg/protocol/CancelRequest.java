package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Sent on a new connection to cancel the query running on another. Layout: Int32 length, Int32
 * 80877102, Int32 process id, secret key (4 bytes in protocol 3.0, up to 256 in 3.2).
 */
public record CancelRequest(int processId, byte[] secretKey) implements ClientMessage {
    public static final int CODE = 80877102;

    public CancelRequest {
        secretKey = secretKey.clone();
    }

    public static CancelRequest of(int processId, int secretKey) {
        return new CancelRequest(processId, BackendKeyData.keyBytes(secretKey));
    }

    static CancelRequest decode(ByteBuf body) {
        int pid = Wire.readInt(body, "CancelRequest process id");
        int len = body.readableBytes();
        if (len < 4 || len > 256) {
            throw new ProtocolException("CancelRequest secret key has " + len + " bytes; 4 to 256 are allowed");
        }
        return new CancelRequest(pid, Wire.readRest(body));
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.beginUntyped(out);
        out.writeInt(CODE).writeInt(processId).writeBytes(secretKey);
        Wire.end(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CancelRequest c && c.processId == processId && Arrays.equals(c.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return processId * 31 + Arrays.hashCode(secretKey);
    }

    @Override
    public String toString() {
        return "CancelRequest[pid=" + processId + ", key=" + HexFormat.of().formatHex(secretKey) + "]";
    }
}
