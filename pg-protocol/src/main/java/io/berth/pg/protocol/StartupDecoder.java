package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decodes the untyped first packets of a client connection: {@link SslRequest}, {@link
 * GssEncRequest}, {@link CancelRequest} and {@link StartupMessage} (layout: Int32 length, Int32
 * code, body). After a StartupMessage or CancelRequest it removes itself, so the typed {@link
 * MessageDecoder} after it in the pipeline receives every later byte.
 *
 * <p>Lengths below 8 or above 10,000 bytes (PostgreSQL's own limit) are refused before anything is
 * buffered. Bytes that arrive after an SSLRequest and before the answer are refused too: they would
 * be read as if they had come over TLS (CVE-2021-23214).
 */
public final class StartupDecoder extends ByteToMessageDecoder {
    public static final int MAX_LENGTH = 10_000;
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        if (in.getByte(start) == 0x16) {
            fail(
                    in,
                    "this looks like a TLS handshake without an SSLRequest (sslnegotiation=direct), "
                            + "which Berth does not support; use sslnegotiation=postgres");
        }
        int len = in.getInt(start);
        if (len < 8 || len > MAX_LENGTH) {
            fail(in, "the startup packet declares length " + len + "; it must be between 8 and " + MAX_LENGTH);
        }
        if (in.readableBytes() < len) {
            return;
        }
        int code = in.getInt(start + 4);
        ByteBuf body = in.slice(start + 8, len - 8);
        in.readerIndex(start + len);
        ClientMessage msg;
        try {
            msg = switch (code) {
                case SslRequest.CODE -> fixed(SslRequest.INSTANCE, len, in);
                case GssEncRequest.CODE -> fixed(GssEncRequest.INSTANCE, len, in);
                case CancelRequest.CODE -> CancelRequest.decode(body);
                default -> startup(code, body);
            };
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
        out.add(msg);
        if (msg instanceof StartupMessage || msg instanceof CancelRequest) {
            ctx.pipeline().remove(this);
        }
    }

    private ClientMessage fixed(ClientMessage m, int len, ByteBuf in) {
        if (len != 8) {
            throw new ProtocolException(m.getClass().getSimpleName() + " must be 8 bytes long, not " + len);
        }
        if (in.isReadable()) {
            throw new ProtocolException("received " + in.readableBytes() + " unexpected bytes after "
                    + m.getClass().getSimpleName() + " before the answer");
        }
        return m;
    }

    private static StartupMessage startup(int code, ByteBuf body) {
        if (code >>> 16 != 3) {
            throw new ProtocolException(
                    SqlState.FEATURE_NOT_SUPPORTED,
                    "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xffff)
                            + ": Berth supports protocol 3.0 to 3.2");
        }
        return StartupMessage.decode(code, body);
    }

    private void fail(ByteBuf in, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        throw new ProtocolException(message);
    }
}
