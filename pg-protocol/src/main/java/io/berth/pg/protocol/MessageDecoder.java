package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames typed messages ({@code Byte1 type, Int32 length, body}) from one direction and decodes
 * those whose type the reader asked to inspect into immutable {@link ClientMessage} or {@link
 * ServerMessage} values. Runs of messages it is not asked to inspect are emitted as one {@link
 * Passthrough} slice each, so a proxy forwards result rows without copying or decoding them.
 *
 * <p>A length below 4 or above {@link #maxLength()}, or a type byte that direction never sends, is
 * a {@link ProtocolException} raised before anything is buffered; after one, the decoder drops all
 * further input, so the handler can answer with an ErrorResponse and close.
 *
 * <p>Not sharable; the inspected set and the maximum may be changed by handlers on the channel's
 * event loop between reads.
 */
public final class MessageDecoder extends ByteToMessageDecoder {
    private static final String CLIENT_TYPES = "QPBDECSHXpdcfF";
    private static final String SERVER_TYPES = "RSKZENC123nITDGHWdcvtsAV";

    private final boolean fromServer;
    private final boolean[] valid = new boolean[256];
    private final boolean[] inspect = new boolean[256];
    private final boolean[] counted = new boolean[256];
    private int maxLength;
    private boolean failed;

    private MessageDecoder(boolean fromServer, String types, int maxLength) {
        this.fromServer = fromServer;
        for (char c : types.toCharArray()) {
            valid[c] = true;
            inspect[c] = true;
        }
        setMaxLength(maxLength);
    }

    /** Decodes what a client sends, inspecting every message until told otherwise. */
    public static MessageDecoder fromClient(int maxLength) {
        return new MessageDecoder(false, CLIENT_TYPES, maxLength);
    }

    /** Decodes what a server sends, inspecting every message until told otherwise. */
    public static MessageDecoder fromServer(int maxLength) {
        return new MessageDecoder(true, SERVER_TYPES, maxLength);
    }

    /** Decodes only these message types; the rest pass through undecoded. */
    public MessageDecoder inspectOnly(String types) {
        for (char c : types.toCharArray()) {
            if (c > 0xff) {
                throw new IllegalArgumentException("message types are single bytes; " + c + " is not one");
            }
        }
        java.util.Arrays.fill(inspect, false);
        for (char c : types.toCharArray()) {
            inspect[c] = true;
        }
        return this;
    }

    /**
     * Counts messages of these types inside each {@link Passthrough} run ({@link
     * Passthrough#counted()}), so a reader can follow, say, how many Query and Sync messages went by
     * without decoding (or re-encoding) them.
     */
    public MessageDecoder countOnly(String types) {
        java.util.Arrays.fill(counted, false);
        for (char c : types.toCharArray()) {
            if (c > 0xff) {
                throw new IllegalArgumentException("message types are single bytes; " + c + " is not one");
            }
            counted[c] = true;
        }
        return this;
    }

    /** Decodes every message type. */
    public MessageDecoder inspectAll() {
        System.arraycopy(valid, 0, inspect, 0, valid.length);
        return this;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The largest message accepted, length word included. */
    public void setMaxLength(int maxLength) {
        if (maxLength < 5) {
            throw new IllegalArgumentException("maxLength must be at least 5, not " + maxLength);
        }
        this.maxLength = maxLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int i = in.readerIndex();
        int end = in.writerIndex();
        int runStart = i;
        int runCount = 0;
        int runCounted = 0;
        int runLast = 0;
        while (end - i >= 5) {
            int type = in.getByte(i) & 0xff;
            int len = in.getInt(i + 1);
            if (!valid[type]) {
                fail(in, "invalid " + (fromServer ? "backend" : "frontend") + " message type " + describe(type));
            }
            if (len < 4 || len > maxLength) {
                fail(
                        in,
                        "message type " + describe(type) + " declares length " + len + "; it must be between 4 and "
                                + maxLength);
            }
            if (end - i - 1 < len) {
                break;
            }
            if (inspect[type]) {
                if (runCount > 0) {
                    out.add(new Passthrough(in.retainedSlice(runStart, i - runStart), runCount, runCounted, runLast));
                    runCount = 0;
                    runCounted = 0;
                }
                in.readerIndex(i + 1 + len);
                try {
                    out.add(decodeOne((byte) type, in.slice(i + 5, len - 4)));
                } catch (ProtocolException e) {
                    failed = true;
                    in.skipBytes(in.readableBytes());
                    throw e;
                }
                runStart = i + 1 + len;
            } else {
                if (type == 'Q' && !fromServer && (len < 5 || in.getByte(i + len) != 0)) {
                    // A Query passed through undecoded must still be one zero-terminated string.
                    fail(in, "the Query text field has no terminating zero byte");
                }
                runCount++;
                runLast = type;
                if (counted[type]) {
                    runCounted++;
                }
            }
            i += 1 + len;
        }
        if (runCount > 0) {
            out.add(new Passthrough(in.retainedSlice(runStart, i - runStart), runCount, runCounted, runLast));
        }
        in.readerIndex(i);
    }

    private Object decodeOne(byte type, ByteBuf body) {
        return fromServer ? ServerMessages.decode(type, body) : ClientMessages.decode(type, body);
    }

    private void fail(ByteBuf in, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        throw new ProtocolException(message);
    }

    private static String describe(int type) {
        return type >= 32 && type < 127 ? "'" + (char) type + "'" : "0x" + Integer.toHexString(type);
    }
}
