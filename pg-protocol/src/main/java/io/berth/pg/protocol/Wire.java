package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Reading and writing the protocol's primitive fields: NUL-terminated strings and length words. */
public final class Wire {
    private Wire() {}

    /** Reads a NUL-terminated UTF-8 string; a missing terminator is a protocol violation. */
    public static String readCString(ByteBuf in, String field) {
        int len = in.bytesBefore((byte) 0);
        if (len < 0) {
            throw new ProtocolException("the " + field + " field has no terminating zero byte");
        }
        String s = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
        in.skipBytes(len + 1);
        return s;
    }

    /** Writes {@code s} as UTF-8 followed by a zero byte. */
    public static void writeCString(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.writeByte(0);
    }

    /** Starts a typed message: writes the type and a length placeholder; returns the length's index. */
    public static int begin(ByteBuf out, char type) {
        out.writeByte(type);
        int at = out.writerIndex();
        out.writeInt(0);
        return at;
    }

    /** Starts an untyped startup-phase message; returns the length's index. */
    public static int beginUntyped(ByteBuf out) {
        int at = out.writerIndex();
        out.writeInt(0);
        return at;
    }

    /** Fills in the length word written by {@link #begin}: the length counts itself, not the type. */
    public static void end(ByteBuf out, int lengthIndex) {
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex);
    }

    /** Reads the rest of {@code in} as a byte array. */
    public static byte[] readRest(ByteBuf in) {
        byte[] b = new byte[in.readableBytes()];
        in.readBytes(b);
        return b;
    }

    /** Throws unless everything in {@code in} was read: trailing bytes mean a malformed message. */
    public static void expectEnd(ByteBuf in, String message) {
        if (in.isReadable()) {
            throw new ProtocolException(
                    message + " has " + in.readableBytes() + " unexpected bytes after its last field");
        }
    }

    /** Reads an Int32 field, checking that four bytes are there. */
    public static int readInt(ByteBuf in, String field) {
        if (in.readableBytes() < 4) {
            throw new ProtocolException("the " + field + " field is cut short");
        }
        return in.readInt();
    }

    /** Reads an Int16 field, checking that two bytes are there. */
    public static short readShort(ByteBuf in, String field) {
        if (in.readableBytes() < 2) {
            throw new ProtocolException("the " + field + " field is cut short");
        }
        return in.readShort();
    }

    /** Reads a byte field, checking that it is there. */
    public static byte readByte(ByteBuf in, String field) {
        if (!in.isReadable()) {
            throw new ProtocolException("the " + field + " field is missing");
        }
        return in.readByte();
    }
}
