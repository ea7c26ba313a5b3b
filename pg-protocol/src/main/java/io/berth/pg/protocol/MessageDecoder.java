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

    private static final TypeSet CLIENT = TypeSet.of(CLIENT_TYPES);
    private static final TypeSet SERVER = TypeSet.of(SERVER_TYPES);

    private final boolean fromServer;
    private final TypeSet valid;
    private TypeSet inspect;
    private TypeSet named = TypeSet.NONE;
    private TypeSet group1 = TypeSet.NONE;
    private TypeSet group2 = TypeSet.NONE;
    private TypeSet group3 = TypeSet.NONE;
    private TypeSet endsRun = TypeSet.NONE;
    private int maxLength;
    private boolean failed;

    private MessageDecoder(boolean fromServer, TypeSet types, int maxLength) {
        this.fromServer = fromServer;
        this.valid = types;
        this.inspect = types;
        setMaxLength(maxLength);
    }

    /** Decodes what a client sends, inspecting every message until told otherwise. */
    public static MessageDecoder fromClient(int maxLength) {
        return new MessageDecoder(false, CLIENT, maxLength);
    }

    /** Decodes what a server sends, inspecting every message until told otherwise. */
    public static MessageDecoder fromServer(int maxLength) {
        return new MessageDecoder(true, SERVER, maxLength);
    }

    /** Decodes only these message types; the rest pass through undecoded. */
    public MessageDecoder inspectOnly(String types) {
        inspect = TypeSet.of(types);
        return this;
    }

    /**
     * Counts messages of these types inside each {@link Passthrough} run ({@link
     * Passthrough#counted()}), so a reader can follow, say, how many Query and Sync messages went by
     * without decoding (or re-encoding) them. Up to three groups, each counted on its own ({@link
     * Passthrough#counted(int)}): {@code countOnly("QSF", "P", "C")}.
     */
    public MessageDecoder countOnly(String... groups) {
        if (groups.length > Passthrough.GROUPS) {
            throw new IllegalArgumentException(
                    "at most " + Passthrough.GROUPS + " counted groups, not " + groups.length);
        }
        TypeSet[] sets = {TypeSet.NONE, TypeSet.NONE, TypeSet.NONE};
        for (int g = 0; g < groups.length; g++) {
            sets[g] = TypeSet.of(groups[g]);
        }
        // A type named in two groups counts in the later one.
        group1 = sets[0].minus(sets[1]).minus(sets[2]);
        group2 = sets[1].minus(sets[2]);
        group3 = sets[2];
        return this;
    }

    /**
     * Also decodes Parse, Bind, Describe and Close (client direction) when, and only when, they name
     * a prepared statement: a Parse or Bind with a statement name, a Describe or Close of kind 'S'
     * with a name. Unnamed statements and portals pass through undecoded. {@code ""} turns it off.
     */
    public MessageDecoder inspectNamed(String types) {
        TypeSet set = TypeSet.of(types);
        for (char c : types.toCharArray()) {
            if ("PBDC".indexOf(c) < 0 || fromServer) {
                throw new IllegalArgumentException("only a client's P, B, D and C name statements, not " + c);
            }
        }
        named = set;
        return this;
    }

    /**
     * Ends a {@link Passthrough} run after each message of these types, so every run holds at most
     * one of them, as its last message (a reader that tracks what each Sync answers needs that).
     */
    public MessageDecoder endRunAfter(String types) {
        endsRun = TypeSet.of(types);
        return this;
    }

    /** Decodes every message type. */
    public MessageDecoder inspectAll() {
        inspect = valid;
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
        int c1 = 0;
        int c2 = 0;
        int c3 = 0;
        int runLast = 0;
        while (end - i >= 5) {
            int type = in.getByte(i) & 0xff;
            int len = in.getInt(i + 1);
            if (!valid.has(type)) {
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
            if (inspect.has(type) || (named.has(type) && namesStatement(in, i, len))) {
                if (runCount > 0) {
                    out.add(new Passthrough(in.retainedSlice(runStart, i - runStart), runCount, c1, c2, c3, runLast));
                    runCount = 0;
                    c1 = c2 = c3 = 0;
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
                if (group1.has(type)) {
                    c1++;
                } else if (group2.has(type)) {
                    c2++;
                } else if (group3.has(type)) {
                    c3++;
                }
                if (endsRun.has(type)) {
                    int next = i + 1 + len;
                    out.add(new Passthrough(
                            in.retainedSlice(runStart, next - runStart), runCount, c1, c2, c3, runLast));
                    runCount = 0;
                    c1 = c2 = c3 = 0;
                    runStart = next;
                }
            }
            i += 1 + len;
        }
        if (runCount > 0) {
            out.add(new Passthrough(in.retainedSlice(runStart, i - runStart), runCount, c1, c2, c3, runLast));
        }
        in.readerIndex(i);
    }

    /**
     * Whether the whole message at {@code i} (type, length {@code len}) names a prepared statement.
     * A message too short to tell is decoded, so its decoder reports what is wrong with it.
     */
    private static boolean namesStatement(ByteBuf in, int i, int len) {
        int body = i + 5;
        int end = i + 1 + len;
        if (body >= end) {
            return true;
        }
        return switch (in.getByte(i)) {
            case 'P' -> in.getByte(body) != 0;
            case 'B' -> {
                int zero = in.indexOf(body, end, (byte) 0);
                yield zero < 0 || zero + 1 >= end || in.getByte(zero + 1) != 0;
            }
            default -> {
                byte kind = in.getByte(body);
                yield kind != 'P' && (kind != 'S' || body + 1 >= end || in.getByte(body + 1) != 0);
            }
        };
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
