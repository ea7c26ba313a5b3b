package io.berth.pg.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.berth.pg.protocol.Wires.Pipe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes both decoders for a bounded time in every build.
 *
 * <p>Jazzer, not a home-made mutator: on this machine jazzer-junit 0.30.0 runs a real libFuzzer
 * session inside Surefire once the {@code JAZZER_FUZZ} system property is set, and stops after
 * {@code jazzer.max_duration}; this module's pom does both in a Surefire execution of its own
 * ({@code fuzz}, 10 s by default, {@code -Dfuzz.duration=5m} for longer, {@code -Dfuzz=false} to only
 * replay the inputs). It is coverage-guided: its agent instruments {@code io.berth.pg.protocol} and
 * feeds comparisons (type bytes, lengths) back into mutation, which a blind mutator cannot. Seeds
 * are the captures in {@code DecoderFuzzTestInputs/}; a finding is written there as a {@code
 * crash-*} file and replayed by every later run. Only one fuzz test fuzzes per JVM, so both
 * directions share this one.
 *
 * <p>Input layout: byte 0 picks the direction (bit 0: server) and whether only a few types are
 * inspected (bit 1); bytes 1-2 say where the stream is cut in two reads; the rest is the stream.
 */
class DecoderFuzzTest {
    private static final AtomicLong EXECUTIONS = new AtomicLong();
    private static final long STARTED = System.nanoTime();

    @FuzzTest(maxDuration = "10s")
    void decodersRaiseOnlyProtocolExceptionsAndLeakNothing(byte[] input) {
        if (input.length < 3) {
            return;
        }
        EXECUTIONS.incrementAndGet();
        boolean fromServer = (input[0] & 1) != 0;
        boolean subset = (input[0] & 2) != 0;
        byte[] stream = Arrays.copyOfRange(input, 3, input.length);
        int cut = (((input[1] & 0xff) << 8) | (input[2] & 0xff)) % (stream.length + 1);

        Pipe pipe = pipe(fromServer, subset);
        List<ByteBuf> written = new ArrayList<>();
        List<Object> decoded = new ArrayList<>();
        List<ByteBuf> held;
        try {
            written.add(pipe.write(stream, 0, cut));
            written.add(pipe.write(stream, cut, stream.length));
            decoded.addAll(pipe.drain());

            assertThat(pipe.exceptions).hasSizeLessThanOrEqualTo(1);
            assertThat(pipe.exceptions).allSatisfy(e -> assertThat(e).isExactlyInstanceOf(ProtocolException.class));
            for (Object m : decoded) {
                if (m instanceof Passthrough p) {
                    assertThat(Wires.types(ByteBufUtil.getBytes(p.content()), 0))
                            .hasSize(p.messages());
                }
            }
            if (pipe.exceptions.isEmpty()) {
                if (subset) {
                    assertPassthroughAndInspectedBytesAreTheInput(decoded, stream);
                } else {
                    assertDecodingWhatWasEncodedGivesTheSameMessages(fromServer, decoded);
                }
            }
        } finally {
            held = Wires.release(decoded);
            pipe.channel.finishAndReleaseAll();
        }
        Wires.assertFreed(held);
        assertThat(written).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(pipe.allocatedBytes()).as("bytes still allocated").isZero();
    }

    private static Pipe pipe(boolean fromServer, boolean subset) {
        if (fromServer) {
            MessageDecoder d = MessageDecoder.fromServer(Wires.MAX_LENGTH);
            return Pipe.server(subset ? d.inspectOnly("ZK") : d);
        }
        MessageDecoder d = MessageDecoder.fromClient(Wires.MAX_LENGTH);
        return Pipe.client(subset ? d.inspectOnly("SHXc") : d);
    }

    /**
     * With only lossless types inspected, the Passthrough bytes and the re-encoded messages are the
     * input byte for byte, up to an incomplete last message.
     */
    private static void assertPassthroughAndInspectedBytesAreTheInput(List<Object> decoded, byte[] stream) {
        int at = 0;
        int i = 0;
        boolean typed = false;
        for (; i < decoded.size(); i++) {
            Object m = decoded.get(i);
            if (!(m instanceof StartupMessage
                    || m instanceof CancelRequest
                    || m instanceof SslRequest
                    || m instanceof GssEncRequest)) {
                break;
            }
            at += Wires.startupLength(Arrays.copyOfRange(stream, at, at + 4));
            typed |= m instanceof StartupMessage || m instanceof CancelRequest;
        }
        List<Object> rest = decoded.subList(i, decoded.size());
        byte[] joined = Wires.encode(rest);
        assertThat(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + joined.length)))
                .isEqualTo(joined);
        int left = stream.length - at - joined.length;
        if (typed && left >= 5) {
            int len = Wires.startupLength(Arrays.copyOfRange(stream, at + joined.length + 1, at + joined.length + 5));
            assertThat(1L + len).as("what is left is an incomplete message").isGreaterThan(left);
        }
    }

    /** Decoding is a fixed point after one round: encoding what was decoded decodes to the same. */
    private static void assertDecodingWhatWasEncodedGivesTheSameMessages(boolean fromServer, List<Object> decoded) {
        Pipe again = Pipe.of(fromServer);
        try (again) {
            for (Object m : decoded) {
                again.write(Wires.encode((PgMessage) m));
            }
            List<Object> redecoded = again.drain();
            assertThat(again.exceptions).isEmpty();
            assertThat(Wires.comparable(redecoded)).isEqualTo(Wires.comparable(decoded));
            Wires.release(redecoded);
        }
    }

    @AfterAll
    static void reportExecutions() {
        double seconds = (System.nanoTime() - STARTED) / 1e9;
        System.out.printf(
                "DecoderFuzzTest: %,d executions in %.1f s (%,.0f/s)%n",
                EXECUTIONS.get(), seconds, EXECUTIONS.get() / seconds);
    }
}
