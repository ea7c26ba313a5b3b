package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One or more complete messages a reader chose not to decode, as a slice of the buffer they arrived
 * in: the bytes a proxy forwards unchanged. The holder owns one reference to {@link #content()};
 * writing the content transfers it.
 */
public final class Passthrough extends DefaultByteBufHolder implements ClientMessage, ServerMessage {
    private final int messages;

    public Passthrough(ByteBuf bytes, int messages) {
        super(bytes);
        this.messages = messages;
    }

    /** How many whole messages the bytes hold. */
    public int messages() {
        return messages;
    }

    /** The type byte of the first message. */
    public byte firstType() {
        return content().getByte(content().readerIndex());
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeBytes(content(), content().readerIndex(), content().readableBytes());
    }

    @Override
    public String toString() {
        return "Passthrough[" + messages + " messages, " + content().readableBytes() + " bytes]";
    }
}
