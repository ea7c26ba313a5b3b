package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Test support: decoder pipelines in an {@link EmbeddedChannel} whose buffers come from an allocator
 * that counts what is still allocated, so a test can tell that nothing leaked.
 */
final class Wires {
    static final int MAX_LENGTH = 1 << 20;

    private Wires() {}

    /** Reads a capture from {@code src/test/resources/captures/}. */
    static byte[] capture(String name) {
        try (InputStream in = Wires.class.getResourceAsStream("/captures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A decoding pipeline plus what it needs for the leak and exception checks. */
    static final class Pipe implements AutoCloseable {
        final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        final EmbeddedChannel channel;
        final List<Throwable> exceptions = new ArrayList<>();

        private Pipe(MessageDecoder... decoders) {
            channel = new EmbeddedChannel();
            channel.config().setAllocator(alloc);
            for (MessageDecoder d : decoders) {
                channel.pipeline().addLast(d);
            }
            channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    exceptions.add(cause);
                }
            });
        }

        /** StartupDecoder then a client MessageDecoder, as a proxy's client side has them. */
        static Pipe client() {
            return client(MessageDecoder.fromClient(MAX_LENGTH));
        }

        static Pipe client(MessageDecoder decoder) {
            Pipe p = new Pipe(decoder);
            p.channel.pipeline().addFirst(new StartupDecoder());
            return p;
        }

        static Pipe server() {
            return server(MessageDecoder.fromServer(MAX_LENGTH));
        }

        static Pipe server(MessageDecoder decoder) {
            return new Pipe(decoder);
        }

        /** Just this decoder, past the startup phase. */
        static Pipe of(MessageDecoder decoder) {
            return new Pipe(decoder);
        }

        static Pipe of(boolean fromServer) {
            return fromServer ? server() : client();
        }

        /** Copies {@code bytes[from, to)} into a buffer of this pipe's allocator and writes it. */
        ByteBuf write(byte[] bytes, int from, int to) {
            ByteBuf b = alloc.heapBuffer(to - from).writeBytes(bytes, from, to - from);
            channel.writeInbound(b);
            return b;
        }

        ByteBuf write(byte[] bytes) {
            return write(bytes, 0, bytes.length);
        }

        /** Everything decoded so far, in order. */
        List<Object> drain() {
            List<Object> out = new ArrayList<>();
            Object m;
            while ((m = channel.readInbound()) != null) {
                out.add(m);
            }
            return out;
        }

        /** Bytes the pipeline's allocator has handed out and not had back. */
        long allocatedBytes() {
            return alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
        }

        @Override
        public void close() {
            channel.finishAndReleaseAll();
        }
    }

    /** Writes {@code data} in pieces cut at {@code cuts} and returns what was decoded. */
    static List<Object> decode(Pipe pipe, byte[] data, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            if (cut > from) {
                pipe.write(data, from, cut);
                from = cut;
            }
        }
        if (from < data.length) {
            pipe.write(data, from, data.length);
        }
        return pipe.drain();
    }

    /** Writes {@code data} one byte at a time and returns what was decoded. */
    static List<Object> decodeByteByByte(Pipe pipe, byte[] data) {
        for (int i = 0; i < data.length; i++) {
            pipe.write(data, i, i + 1);
        }
        return pipe.drain();
    }

    /** The messages with each {@link Passthrough} replaced by a value that compares by its bytes. */
    static List<Object> comparable(List<Object> messages) {
        return messages.stream()
                .map(m -> m instanceof Passthrough p ? new Raw(p.messages(), ByteBufUtil.hexDump(p.content())) : m)
                .toList();
    }

    /** A {@link Passthrough} as its message count and bytes in hex. */
    record Raw(int messages, String hex) {}

    /** Each message's {@link PgMessage#encode}, concatenated. */
    static byte[] encode(List<?> messages) {
        ByteBuf out = Unpooled.buffer();
        try {
            for (Object m : messages) {
                ((PgMessage) m).encode(out);
            }
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    static byte[] encode(PgMessage m) {
        return encode(List.of(m));
    }

    /**
     * Releases every reference-counted message and returns the buffers they held, for {@link
     * #assertFreed} once the channel has let go of its own references too.
     */
    static List<ByteBuf> release(List<Object> messages) {
        List<ByteBuf> held = new ArrayList<>();
        for (Object m : messages) {
            if (m instanceof Passthrough p) {
                held.add(p.content());
            }
            ReferenceCountUtil.release(m);
        }
        return held;
    }

    static void assertFreed(List<ByteBuf> buffers) {
        for (ByteBuf b : buffers) {
            if (b.refCnt() != 0) {
                throw new AssertionError("a Passthrough slice still has " + b.refCnt() + " references");
            }
        }
    }

    /** The type bytes of the typed messages in {@code data} from offset {@code at}, by walking the framing. */
    static String types(byte[] data, int at) {
        StringBuilder sb = new StringBuilder();
        while (at + 5 <= data.length) {
            int len = ((data[at + 1] & 0xff) << 24)
                    | ((data[at + 2] & 0xff) << 16)
                    | ((data[at + 3] & 0xff) << 8)
                    | (data[at + 4] & 0xff);
            sb.append((char) data[at]);
            at += 1 + len;
        }
        return sb.toString();
    }

    /** The length of the untyped startup packet that opens a client capture. */
    static int startupLength(byte[] data) {
        return ((data[0] & 0xff) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
