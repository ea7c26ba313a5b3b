package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One or more complete messages a reader chose not to decode, as a slice of the buffer they arrived
 * in: the bytes a proxy forwards unchanged. The holder owns one reference to {@link #content()};
 * writing the content transfers it.
 */
public final class Passthrough extends DefaultByteBufHolder implements ClientMessage, ServerMessage {
    /** How many counted groups a decoder can keep ({@link MessageDecoder#countOnly}). */
    public static final int GROUPS = 3;

    private final int messages;
    private final int counted;
    private final int counted2;
    private final int counted3;
    private final byte lastType;

    public Passthrough(ByteBuf bytes, int messages) {
        this(bytes, messages, 0, bytes.isReadable() ? bytes.getByte(bytes.readerIndex()) : 0);
    }

    /**
     * @param counted how many of the messages have a type the decoder was asked to count
     * @param lastType the type byte of the last message
     */
    public Passthrough(ByteBuf bytes, int messages, int counted, int lastType) {
        this(bytes, messages, counted, 0, 0, lastType);
    }

    /** With the counts of the decoder's three counted groups, in order. */
    public Passthrough(ByteBuf bytes, int messages, int counted, int counted2, int counted3, int lastType) {
        super(bytes);
        this.messages = messages;
        this.counted = counted;
        this.counted2 = counted2;
        this.counted3 = counted3;
        this.lastType = (byte) lastType;
    }

    /** How many of the messages have a type of the decoder's first counted group ({@link MessageDecoder#countOnly}). */
    public int counted() {
        return counted;
    }

    /** How many of the messages have a type of counted group 1, 2 or 3. */
    public int counted(int group) {
        return switch (group) {
            case 1 -> counted;
            case 2 -> counted2;
            case 3 -> counted3;
            default -> throw new IllegalArgumentException("counted groups are 1 to " + GROUPS + ", not " + group);
        };
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
