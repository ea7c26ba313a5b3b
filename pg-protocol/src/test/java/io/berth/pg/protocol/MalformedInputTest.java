package io.berth.pg.protocol;

import static io.berth.pg.protocol.Wires.bytes;
import static io.berth.pg.protocol.Wires.concat;
import static io.berth.pg.protocol.Wires.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pg.protocol.Wires.Pipe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that breaks the protocol is refused with a {@link ProtocolException} through the channel's
 * exception path, never with another exception type; afterwards the decoder drops what arrives and
 * nothing stays allocated.
 */
class MalformedInputTest {
    private static final byte[] STARTUP = encode(StartupMessage.of(Map.of("user", "u", "database", "d")));
    private static ResourceLeakDetector.Level previousLevel;

    @BeforeAll
    static void trackEveryBuffer() {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restoreLeakDetection() {
        ResourceLeakDetector.setLevel(previousLevel);
    }

    static byte[] cstr(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] int32(int v) {
        return bytes(v >>> 24, v >>> 16, v >>> 8, v);
    }

    static byte[] int16(int v) {
        return bytes(v >>> 8, v);
    }

    /** A typed message with a correct length word around {@code body}. */
    static byte[] typed(char type, byte[]... body) {
        byte[] b = concat(body);
        return concat(bytes(type), int32(4 + b.length), b);
    }

    /** An untyped startup-phase packet with a correct length word. */
    static byte[] untyped(int code, byte[]... body) {
        byte[] b = concat(body);
        return concat(int32(8 + b.length), int32(code), b);
    }

    static byte[] afterStartup(byte[]... typed) {
        return concat(STARTUP, concat(typed));
    }

    record Case(String name, boolean fromServer, byte[] input, String message, String sqlState) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case client(String name, byte[] input, String message) {
        return new Case(name, false, input, message, SqlState.PROTOCOL_VIOLATION);
    }

    static Case server(String name, byte[] input, String message) {
        return new Case(name, true, input, message, SqlState.PROTOCOL_VIOLATION);
    }

    static Stream<Case> cases() {
        byte[] http = "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                client(
                        "an HTTP request instead of a startup packet",
                        http,
                        "the startup packet declares length 1195725856; it must be between 8 and 10000"),
                client("an HTTP request after startup", afterStartup(http), "invalid frontend message type 'G'"),
                client(
                        "a TLS ClientHello without SSLRequest",
                        bytes(0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03),
                        "this looks like a TLS handshake without an SSLRequest"),
                client(
                        "a startup packet shorter than 8",
                        bytes(0, 0, 0, 4, 0, 3, 0, 0),
                        "the startup packet declares length 4; it must be between 8 and 10000"),
                client(
                        "a startup packet longer than 10,000",
                        concat(int32(10_001), int32(StartupMessage.PROTOCOL_3_0)),
                        "the startup packet declares length 10001"),
                new Case(
                        "protocol 2.0",
                        false,
                        untyped(0x0002_0000, cstr("user"), cstr("u"), bytes(0)),
                        "unsupported frontend protocol 2.0: Berth supports protocol 3.0 to 3.2",
                        SqlState.FEATURE_NOT_SUPPORTED),
                new Case(
                        "protocol 4.1",
                        false,
                        untyped(0x0004_0001, bytes(0)),
                        "unsupported frontend protocol 4.1",
                        SqlState.FEATURE_NOT_SUPPORTED),
                new Case(
                        "an unknown special request code",
                        false,
                        untyped(80877105),
                        "unsupported frontend protocol 1234.5681",
                        SqlState.FEATURE_NOT_SUPPORTED),
                client(
                        "bytes after an SSLRequest",
                        concat(encode(SslRequest.INSTANCE), STARTUP),
                        "received " + STARTUP.length + " unexpected bytes after SslRequest before the answer"),
                client(
                        "bytes after a GSSENCRequest",
                        concat(encode(GssEncRequest.INSTANCE), bytes(0x60, 0x82)),
                        "received 2 unexpected bytes after GssEncRequest before the answer"),
                client(
                        "an SSLRequest of 12 bytes",
                        untyped(SslRequest.CODE, int32(0)),
                        "SslRequest must be 8 bytes long, not 12"),
                client(
                        "a CancelRequest with a 3-byte key",
                        untyped(CancelRequest.CODE, int32(1), bytes(1, 2, 3)),
                        "CancelRequest secret key has 3 bytes; 4 to 256 are allowed"),
                client(
                        "a CancelRequest with a 257-byte key",
                        untyped(CancelRequest.CODE, int32(1), new byte[257]),
                        "CancelRequest secret key has 257 bytes"),
                client(
                        "a CancelRequest without a process id",
                        untyped(CancelRequest.CODE, bytes(1, 2)),
                        "the CancelRequest process id field is cut short"),
                client(
                        "a StartupMessage without its final zero",
                        untyped(StartupMessage.PROTOCOL_3_0, cstr("user"), cstr("u")),
                        "the startup parameter name field has no terminating zero byte"),
                client(
                        "a StartupMessage whose value has no terminator",
                        untyped(StartupMessage.PROTOCOL_3_0, cstr("user"), "u".getBytes(StandardCharsets.US_ASCII)),
                        "the startup parameter \"user\" field has no terminating zero byte"),
                client(
                        "a StartupMessage with bytes after its final zero",
                        untyped(StartupMessage.PROTOCOL_3_0, cstr("user"), cstr("u"), bytes(0, 1)),
                        "StartupMessage has 1 unexpected bytes after its last field"),
                client(
                        "a message length of 3",
                        afterStartup(bytes('Q', 0, 0, 0, 3)),
                        "message type 'Q' declares length 3; it must be between 4 and " + Wires.MAX_LENGTH),
                client(
                        "a negative message length",
                        afterStartup(bytes('Q', 0xff, 0xff, 0xff, 0xff)),
                        "message type 'Q' declares length -1"),
                client(
                        "a message length of 0x7fffffff",
                        afterStartup(bytes('Q', 0x7f, 0xff, 0xff, 0xff)),
                        "message type 'Q' declares length 2147483647; it must be between 4 and " + Wires.MAX_LENGTH),
                client(
                        "a Parse whose parameter count says 5 but has 2",
                        afterStartup(typed('P', cstr("s"), cstr("select $1"), int16(5), int32(23), int32(25))),
                        "Parse declares 5 parameter types but carries 8 bytes for them"),
                client(
                        "a bad Parse followed by a Sync in the same read",
                        afterStartup(typed('P', cstr("s"), cstr("select $1"), int16(5)), encode(Sync.INSTANCE)),
                        "Parse declares 5 parameter types but carries 0 bytes for them"),
                server(
                        "a bad ReadyForQuery followed by another message in the same read",
                        concat(typed('Z', bytes('?')), encode(new CommandComplete("SELECT 1"))),
                        "ReadyForQuery status must be 'I', 'T' or 'E', not 63"),
                client(
                        "a Parse without its parameter count",
                        afterStartup(typed('P', cstr("s"), cstr("select 1"))),
                        "the Parse parameter count field is cut short"),
                client(
                        "a Query without its terminator",
                        afterStartup(typed('Q', "select 1".getBytes(StandardCharsets.US_ASCII))),
                        "the Query text field has no terminating zero byte"),
                client(
                        "a Query with bytes after its terminator",
                        afterStartup(typed('Q', cstr("select 1"), bytes(1, 2))),
                        "Query has 2 unexpected bytes after its last field"),
                client(
                        "a Bind without its statement name",
                        afterStartup(typed('B', cstr("portal"))),
                        "the Bind statement name field has no terminating zero byte"),
                client(
                        "a Describe of kind X",
                        afterStartup(typed('D', bytes('X'), cstr("s"))),
                        "Describe kind must be 'S' or 'P', not 88"),
                client("a Close without a kind", afterStartup(typed('C')), "the Close kind field is missing"),
                client(
                        "an Execute without its row limit",
                        afterStartup(typed('E', cstr(""), bytes(0, 0))),
                        "the Execute row limit field is cut short"),
                client("a Sync with a body", afterStartup(typed('S', bytes(0))), "Sync has 1 unexpected bytes"),
                client(
                        "a CopyFail without its terminator",
                        afterStartup(typed('f', "why".getBytes(StandardCharsets.US_ASCII))),
                        "the CopyFail reason field has no terminating zero byte"),
                client(
                        "a server message type from a client",
                        afterStartup(typed('Z', bytes('I'))),
                        "invalid frontend message type 'Z'"),
                client("a zero type byte", afterStartup(bytes(0, 0, 0, 0, 4)), "invalid frontend message type 0x0"),
                server(
                        "a client message type from a server",
                        typed('Q', cstr("x")),
                        "invalid backend message type 'Q'"),
                server("a type byte above 127", typed((char) 0xe9), "invalid backend message type 0xe9"),
                server(
                        "a server message length of 0x7fffffff",
                        bytes('D', 0x7f, 0xff, 0xff, 0xff),
                        "message type 'D' declares length 2147483647"),
                server("a ReadyForQuery without a status", typed('Z'), "the ReadyForQuery status field is missing"),
                server(
                        "a ReadyForQuery with status X",
                        typed('Z', bytes('X')),
                        "ReadyForQuery status must be 'I', 'T' or 'E', not 88"),
                server(
                        "a DataRow value longer than the message",
                        typed('D', int16(1), int32(100), bytes('a', 'b')),
                        "DataRow value 0 declares 100 bytes but 2 remain"),
                server(
                        "a DataRow value of length -2",
                        typed('D', int16(1), int32(-2)),
                        "DataRow value 0 declares -2 bytes but 0 remain"),
                server(
                        "a DataRow with fewer values than its count",
                        typed('D', int16(3), int32(-1)),
                        "the DataRow value length field is cut short"),
                server(
                        "a RowDescription cut short",
                        typed('T', int16(1), cstr("id"), int32(0), int16(0)),
                        "RowDescription column \"id\" is cut short"),
                server(
                        "an md5 request with a 3-byte salt",
                        typed('R', int32(5), bytes(1, 2, 3)),
                        "AuthenticationMD5Password must carry a 4-byte salt, not 3"),
                server(
                        "an Authentication without its kind",
                        typed('R', bytes(0)),
                        "the Authentication kind field is cut short"),
                server(
                        "a BackendKeyData with a 2-byte key",
                        typed('K', int32(1), bytes(1, 2)),
                        "BackendKeyData secret key has 2 bytes; 4 to 256 are allowed"),
                server(
                        "an ErrorResponse without its final zero",
                        typed('E', bytes('S'), cstr("ERROR")),
                        "the error field code field is missing"),
                server(
                        "an ErrorResponse field without its terminator",
                        typed('E', bytes('M'), "oops".getBytes(StandardCharsets.US_ASCII)),
                        "the error field 'M' field has no terminating zero byte"),
                server(
                        "a ParameterStatus without a value",
                        typed('S', cstr("TimeZone")),
                        "the ParameterStatus value field has no terminating zero byte"),
                server(
                        "a CopyOutResponse whose column count is wrong",
                        typed('H', bytes(0), int16(3), int16(0)),
                        "copy response declares 3 columns but carries 2 bytes for them"),
                server(
                        "a NegotiateProtocolVersion claiming 1000 options",
                        typed('v', int32(0), int32(1000), cstr("_pq_.a")),
                        "NegotiateProtocolVersion declares 1000 options"),
                server("a ParseComplete with a body", typed('1', bytes(0)), "ParseComplete has 1 unexpected bytes"));
    }

    static Stream<Arguments> casesInOneWriteAndByteByByte() {
        // what follows an SSLRequest in a later read cannot be told from a StartupMessage sent after the answer
        return cases().flatMap(c -> c.name().startsWith("bytes after")
                ? Stream.of(Arguments.of(c, false))
                : Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    @ParameterizedTest(name = "{0}, byte by byte: {1}")
    @MethodSource("casesInOneWriteAndByteByByte")
    void malformedInputIsRefusedWithAProtocolExceptionAndLaterInputIsDropped(Case c, boolean byteByByte) {
        Pipe pipe = Pipe.of(c.fromServer());
        try (pipe) {
            List<ByteBuf> written = new ArrayList<>();
            List<Object> decoded = new ArrayList<>();
            if (byteByByte) {
                for (int i = 0; i < c.input().length; i++) {
                    written.add(pipe.write(c.input(), i, i + 1));
                    decoded.addAll(pipe.drain());
                }
            } else {
                written.add(pipe.write(c.input()));
                decoded.addAll(pipe.drain());
            }

            assertThat(pipe.exceptions).hasSize(1);
            assertThat(pipe.exceptions.get(0))
                    .isExactlyInstanceOf(ProtocolException.class)
                    .hasMessageContaining(c.message());
            assertThat(((ProtocolException) pipe.exceptions.get(0)).sqlState()).isEqualTo(c.sqlState());
            assertThat(written).allSatisfy(b -> assertThat(b.refCnt()).isZero());
            // nothing of the bad message got through; only what came before it
            assertThat(decoded).allMatch(m -> m instanceof StartupMessage);

            // the decoder keeps dropping input: a well-formed message gives nothing, and no new error
            byte[] valid = c.fromServer() ? encode(ReadyForQuery.IDLE) : concat(STARTUP, encode(new Query("select 1")));
            ByteBuf later = pipe.write(valid);
            assertThat(later.refCnt()).isZero();
            assertThat(pipe.drain()).isEmpty();
            assertThat(pipe.exceptions).hasSize(1);

            pipe.channel.checkException();
            pipe.channel.finishAndReleaseAll();
            assertThat(pipe.exceptions).hasSize(1);
            assertThat(pipe.allocatedBytes()).as("bytes still allocated").isZero();
        }
    }

    @Test
    void protocolExceptionReachesWhoeverHandlesTheChannelsExceptions() {
        EmbeddedChannel ch = new EmbeddedChannel(new StartupDecoder(), MessageDecoder.fromClient(1024));
        ByteBuf bad = Unpooled.wrappedBuffer(afterStartup(bytes('Q', 0, 0, 4, 1)));
        assertThatThrownBy(() -> ch.writeInbound(bad))
                .isExactlyInstanceOf(ProtocolException.class)
                .hasMessage("message type 'Q' declares length 1025; it must be between 4 and 1024");
        assertThat(bad.refCnt()).isZero();
        assertThat((Object) ch.readInbound()).isInstanceOf(StartupMessage.class);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anOversizedLengthIsRefusedBeforeTheBodyArrives() {
        Pipe pipe = Pipe.client();
        try (pipe) {
            pipe.write(STARTUP);
            pipe.write(bytes('d', 0x00, 0x10, 0x00, 0x01));
            assertThat(pipe.exceptions).hasSize(1);
            assertThat(pipe.exceptions.get(0))
                    .isExactlyInstanceOf(ProtocolException.class)
                    .hasMessageContaining("declares length 1048577");
        }
    }

    @Test
    void maxLengthCountsTheLengthWordButNotTheTypeByte() {
        MessageDecoder decoder = MessageDecoder.fromServer(9);
        Pipe pipe = Pipe.server(decoder);
        try (pipe) {
            pipe.write(typed('d', bytes(1, 2, 3, 4, 5)));
            assertThat(pipe.exceptions).isEmpty();
            assertThat(pipe.drain()).containsExactly(new CopyData(bytes(1, 2, 3, 4, 5)));
            pipe.write(typed('d', bytes(1, 2, 3, 4, 5, 6)));
            assertThat(pipe.exceptions).singleElement().isExactlyInstanceOf(ProtocolException.class);
        }
        assertThat(decoder.maxLength()).isEqualTo(9);
        assertThatThrownBy(() -> decoder.setMaxLength(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inspectOnlyRefusesCharactersThatAreNotBytes() {
        assertThatThrownBy(() -> MessageDecoder.fromServer(100).inspectOnly("Z☃"))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomBytesRaiseNothingButProtocolException() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int refused = 0;
        for (int i = 0; i < 2_000; i++) {
            boolean fromServer = random.nextBoolean();
            byte[] junk = new byte[1 + random.nextInt(64)];
            random.nextBytes(junk);
            byte[] input = fromServer || random.nextBoolean() ? junk : concat(STARTUP, junk);
            Pipe pipe = Pipe.of(fromServer);
            try (pipe) {
                ByteBuf b = pipe.write(input);
                assertThat(pipe.exceptions)
                        .as("seed %d, input %s", seed, Wires.hex(input))
                        .allSatisfy(e -> assertThat(e).isExactlyInstanceOf(ProtocolException.class));
                refused += pipe.exceptions.size();
                Wires.release(pipe.drain());
                pipe.channel.finishAndReleaseAll();
                assertThat(b.refCnt()).isZero();
                assertThat(pipe.allocatedBytes()).isZero();
            }
        }
        assertThat(refused).as("random input is mostly refused").isGreaterThan(1_000);
    }
}
