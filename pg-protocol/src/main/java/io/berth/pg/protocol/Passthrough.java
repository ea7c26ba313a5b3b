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
    private final int counted;
    private final byte lastType;

    public Passthrough(ByteBuf bytes, int messages) {
        this(bytes, messages, 0, bytes.isReadable() ? bytes.getByte(bytes.readerIndex()) : 0);
    }

    /**
     * @param counted how many of the messages have a type the decoder was asked to count
     * @param lastType the type byte of the last message
     */
    public Passthrough(ByteBuf bytes, int messages, int counted, int lastType) {
        super(bytes);
        this.messages = messages;
        this.counted = counted;
        this.lastType = (byte) lastType;
    }

    /** How many of the messages have a type the decoder counts ({@link MessageDecoder#countOnly}). */
    public int counted() {
        return counted;
    }

    /** The type byte of the last message. */
    public byte lastType() {
        return lastType;
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
