package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The server supports an older minor version or not all {@code _pq_.} options the client asked for.
 * Layout: 'v', Int32 length, Int32 newest minor version supported, Int32 n, n x String option.
 */
public record NegotiateProtocolVersion(int minorVersion, List<String> unsupportedOptions) implements ServerMessage {
    public static final char TYPE = 'v';

    public NegotiateProtocolVersion {
        unsupportedOptions = List.copyOf(unsupportedOptions);
    }

    static NegotiateProtocolVersion decode(ByteBuf body) {
        int minor = Wire.readInt(body, "NegotiateProtocolVersion minor version");
        int n = Wire.readInt(body, "NegotiateProtocolVersion option count");
        if (n < 0 || n > body.readableBytes()) {
            throw new ProtocolException("NegotiateProtocolVersion declares " + n + " options");
        }
        List<String> opts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            opts.add(Wire.readCString(body, "protocol option"));
        }
        Wire.expectEnd(body, "NegotiateProtocolVersion");
        return new NegotiateProtocolVersion(minor, opts);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, TYPE);
        out.writeInt(minorVersion).writeInt(unsupportedOptions.size());
        for (String o : unsupportedOptions) {
            Wire.writeCString(out, o);
        }
        Wire.end(out, at);
    }
}
