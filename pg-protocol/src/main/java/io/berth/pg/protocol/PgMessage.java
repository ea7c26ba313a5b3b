package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A PostgreSQL v3 protocol message. Messages are immutable and know how to write themselves back
 * to the wire, so a proxy can forward or rewrite what it decoded.
 */
public interface PgMessage {

    /** Writes the whole message, type byte and length included, to {@code out}. */
    void encode(ByteBuf out);

    /** The message as a new buffer the caller owns. */
    default ByteBuf toByteBuf(ByteBufAllocator alloc) {
        ByteBuf out = alloc.ioBuffer();
        encode(out);
        return out;
    }
}
