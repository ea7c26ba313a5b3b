package io.berth.pg.protocol;

import static io.berth.pg.protocol.Wires.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pg.protocol.Wires.Pipe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message type, encoded and decoded back through the channel's decoders. */
class MessageRoundTripTest {
    private static final String UNICODE = "ünï cødé ☃ 😀 名前";

    private static byte[] key(int n) {
        byte[] k = new byte[n];
        for (int i = 0; i < n; i++) {
            k[i] = (byte) (i * 37 + 1);
        }
        return k;
    }

    static Stream<ClientMessage> startupMessages() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", UNICODE);
        params.put("database", "");
        params.put("options", "-c search_path=a,b");
        params.put("_pq_.extension", "on");
        return Stream.of(
                StartupMessage.of(Map.of("user", "postgres")),
                StartupMessage.of(Map.of()),
                new StartupMessage(StartupMessage.PROTOCOL_3_2, params),
                new StartupMessage(0x0003_0063, Map.of("user", "future minor version")),
                CancelRequest.of(1234, 0xdeadbeef),
                new CancelRequest(-1, key(32)),
                new CancelRequest(0, key(256)),
                SslRequest.INSTANCE,
                GssEncRequest.INSTANCE);
    }

    static Stream<ClientMessage> clientMessages() {
        return Stream.of(
                new Query(""),
                new Query("select 1"),
                new Query("select '" + UNICODE + "'; select 2"),
                new Parse("", "", new int[0]),
                new Parse("s1", "select $1, $2", new int[] {23, 0}),
                new Parse(UNICODE, "select $1", new int[] {-1}),
                new Parse("many", "x", IntStream.range(0, 65535).toArray()),
                new Bind("", "", new byte[0]),
                new Bind("portal", "S_1", new byte[] {0, 1, 0, 1, 0, 1, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0}),
                new Bind("", UNICODE, new byte[] {0, 0, 0, 1, -1, -1, -1, -1, 0, 0}),
                new Describe(Describe.STATEMENT, ""),
                new Describe(Describe.PORTAL, UNICODE),
                new Execute("", 0),
                new Execute("p", Integer.MAX_VALUE),
                new Close(Close.STATEMENT, "S_1"),
                new Close(Close.PORTAL, ""),
                Sync.INSTANCE,
                Flush.INSTANCE,
                Terminate.INSTANCE,
                PasswordMessage.ofPassword(""),
                PasswordMessage.ofPassword("md5" + "0".repeat(32)),
                PasswordMessage.ofSaslInitial("SCRAM-SHA-256", "n,,n=,r=abc".getBytes(StandardCharsets.US_ASCII)),
                PasswordMessage.ofSaslInitial("SCRAM-SHA-256", new byte[0]),
                PasswordMessage.ofSaslResponse(new byte[0]),
                new CopyData(new byte[0]),
                new CopyData(key(300)),
                CopyDone.INSTANCE,
                new CopyFail(""),
                new CopyFail(UNICODE));
    }

    static Stream<ServerMessage> serverMessages() {
        Map<Character, String> allFields = new LinkedHashMap<>();
        for (char c : "SVCMDHPpqWstcdnFLR".toCharArray()) {
            allFields.put(c, c == 'M' ? UNICODE : String.valueOf(c));
        }
        return Stream.of(
                Authentication.ok(),
                Authentication.cleartextPassword(),
                Authentication.md5Password(new byte[] {1, 2, 3, -4}),
                Authentication.sasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
                Authentication.sasl(List.of()),
                Authentication.saslContinue("r=abc,s=c2FsdA==,i=4096".getBytes(StandardCharsets.US_ASCII)),
                Authentication.saslFinal(new byte[0]),
                new Authentication(7, new byte[0]),
                new ParameterStatus("application_name", ""),
                new ParameterStatus(UNICODE, UNICODE),
                BackendKeyData.of(42, 0x01020304),
                new BackendKeyData(7, key(32)),
                new BackendKeyData(Integer.MIN_VALUE, key(256)),
                ReadyForQuery.IDLE,
                ReadyForQuery.IN_TRANSACTION,
                ReadyForQuery.FAILED,
                ErrorResponse.error(SqlState.PROTOCOL_VIOLATION, "bad"),
                ErrorResponse.fatal(SqlState.TOO_MANY_CONNECTIONS, UNICODE),
                ErrorResponse.of("ERROR", "42601", "syntax", "a hint"),
                ErrorResponse.notice("WARNING", ""),
                new ErrorResponse(false, Map.of()),
                new ErrorResponse(true, allFields),
                new ErrorResponse(false, Map.of('\u00e9', "a field code above 127")),
                new CommandComplete(""),
                new CommandComplete("INSERT 0 1"),
                ParseComplete.INSTANCE,
                BindComplete.INSTANCE,
                CloseComplete.INSTANCE,
                NoData.INSTANCE,
                EmptyQueryResponse.INSTANCE,
                new RowDescription(List.of()),
                RowDescription.ofText(List.of("", UNICODE)),
                new RowDescription(List.of(
                        new RowDescription.Column("id", 16384, 1, 23, 4, -1, 1),
                        new RowDescription.Column("n", 0, 0, 1700, -1, 0x000a0006, 0),
                        new RowDescription.Column("x", -1, -1, -1, -2, Integer.MIN_VALUE, 1))),
                new DataRow(List.of()),
                new DataRow(Arrays.asList(null, "", UNICODE, null)),
                new DataRow(Arrays.asList((String) null)),
                new DataRow(Arrays.asList("\0", "tab\there")),
                new CopyResponse((byte) CopyResponse.IN, (byte) 0, new short[0]),
                new CopyResponse((byte) CopyResponse.OUT, (byte) 1, new short[] {1, 1, 1}),
                new CopyResponse((byte) CopyResponse.BOTH, (byte) 0, new short[] {0}),
                new CopyData(new byte[0]),
                new CopyData(UNICODE.getBytes(StandardCharsets.UTF_8)),
                CopyDone.INSTANCE,
                new NegotiateProtocolVersion(0, List.of()),
                new NegotiateProtocolVersion(2, List.of("_pq_.a", "_pq_." + UNICODE, "")));
    }

    /** Decodes {@code bytes} through {@code pipe} in one write and returns the single message. */
    private static Object decodeOne(Pipe pipe, byte[] bytes) {
        try (pipe) {
            List<Object> got = Wires.decode(pipe, bytes);
            assertThat(pipe.exceptions).isEmpty();
            assertThat(got).hasSize(1);
            return got.get(0);
        }
    }

    @ParameterizedTest
    @MethodSource("startupMessages")
    void startupPhaseMessageSurvivesEncodeAndDecode(ClientMessage m) {
        byte[] bytes = encode(m);
        Object decoded = decodeOne(Pipe.client(), bytes);
        assertThat(decoded).isEqualTo(m).hasSameHashCodeAs(m);
        assertThat(encode((PgMessage) decoded)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource("clientMessages")
    void clientMessageSurvivesEncodeAndDecode(ClientMessage m) {
        byte[] bytes = Wires.concat(encode(StartupMessage.of(Map.of("user", "u"))), encode(m));
        Pipe pipe = Pipe.client();
        try (pipe) {
            List<Object> got = Wires.decode(pipe, bytes);
            assertThat(pipe.exceptions).isEmpty();
            assertThat(got).hasSize(2);
            assertThat(got.get(1)).isEqualTo(m).hasSameHashCodeAs(m);
            assertThat(encode(got)).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @MethodSource("serverMessages")
    void serverMessageSurvivesEncodeAndDecode(ServerMessage m) {
        byte[] bytes = encode(m);
        Object decoded = decodeOne(Pipe.server(), bytes);
        assertThat(decoded).isEqualTo(m).hasSameHashCodeAs(m);
        assertThat(encode((PgMessage) decoded)).isEqualTo(bytes);
    }

    @Test
    void dataRowWithBinaryValuesComesOutAsItsOwnBytes() {
        // pgjdbc's binary timestamptz: not UTF-8, so a String could not give these bytes back
        byte[] row =
                Wires.bytes('D', 0, 0, 0, 22, 0, 2, 0, 0, 0, 8, 0, 3, 3, 0xcc, 0x1b, 0x3a, 0xe1, 0x8d, -1, -1, -1, -1);
        Pipe pipe = Pipe.server();
        try (pipe) {
            List<Object> got = Wires.decode(pipe, row);
            assertThat(got).singleElement().isInstanceOf(Passthrough.class);
            assertThat(((Passthrough) got.get(0)).messages()).isEqualTo(1);
            assertThat(encode(got)).isEqualTo(row);
            Wires.release(got);
        }
    }

    @Test
    void rowDescriptionWrittenByBerthDescribesTextAndInt8Columns() {
        RowDescription d = new RowDescription(List.of(
                new RowDescription.Column("a", RowDescription.TEXT),
                new RowDescription.Column("b", RowDescription.INT8)));
        assertThat(Wires.hex(encode(d)))
                .isEqualTo("54" + "0000002e" + "0002"
                        + "6100" + "00000000" + "0000" + "00000019" + "ffff" + "ffffffff" + "0000"
                        + "6200" + "00000000" + "0000" + "00000014" + "0008" + "ffffffff" + "0000");
        assertThat(d.names()).containsExactly("a", "b");
    }

    @Test
    void passwordMessageIsReadAsAPasswordOrASaslInitialResponse() {
        assertThat(PasswordMessage.ofPassword(UNICODE).password()).isEqualTo(UNICODE);
        PasswordMessage.SaslInitialResponse r = PasswordMessage.ofSaslInitial("SCRAM-SHA-256", new byte[] {1, 2})
                .saslInitialResponse();
        assertThat(r.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(r.data()).containsExactly(1, 2);
        // -1 is "no data" in a SASLInitialResponse
        byte[] none = Wires.concat("M\0".getBytes(StandardCharsets.US_ASCII), Wires.bytes(-1, -1, -1, -1));
        assertThat(new PasswordMessage(none).saslInitialResponse().data()).isEmpty();

        assertThatThrownBy(() -> new PasswordMessage(new byte[0]).password())
                .isExactlyInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new PasswordMessage("a\0b\0".getBytes(StandardCharsets.US_ASCII)).password())
                .isExactlyInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new PasswordMessage("SCRAM".getBytes(StandardCharsets.US_ASCII)).saslInitialResponse())
                .isExactlyInstanceOf(ProtocolException.class)
                .hasMessage("SASLInitialResponse is cut short");
        byte[] overlong = Wires.concat("M\0".getBytes(StandardCharsets.US_ASCII), Wires.bytes(0x7f, -1, -1, -1, 1));
        assertThatThrownBy(() -> new PasswordMessage(overlong).saslInitialResponse())
                .isExactlyInstanceOf(ProtocolException.class)
                .hasMessageContaining("declares 2147483647 bytes of data but carries 1");
    }

    @Test
    void authenticationSaslListsItsMechanisms() {
        byte[] bytes = encode(Authentication.sasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")));
        Authentication a = (Authentication) decodeOne(Pipe.server(), bytes);
        assertThat(a.kind()).isEqualTo(Authentication.SASL);
        assertThat(a.mechanisms()).containsExactly("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256");
    }

    @Test
    void backendKeyDataMatchesTheCancelRequestMadeFromIt() {
        BackendKeyData k = new BackendKeyData(99, key(32));
        CancelRequest c = (CancelRequest) decodeOne(Pipe.client(), encode(k.cancelRequest()));
        assertThat(k.matches(c)).isTrue();
        assertThat(k.matches(new CancelRequest(99, key(31)))).isFalse();
    }

    @Test
    void arrayComponentsAreCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        CopyData c = new CopyData(data);
        data[0] = 9;
        c.data()[1] = 9;
        assertThat(c.data()).containsExactly(1, 2, 3);
    }

    @Test
    void encoderWritesMessagesAndForwardsPassthroughSlicesWithoutCopying() {
        EmbeddedChannel ch = new EmbeddedChannel(MessageEncoder.INSTANCE);
        ByteBuf source = Unpooled.wrappedBuffer(encode(List.of(new CommandComplete("SELECT 1"), ReadyForQuery.IDLE)));
        Passthrough p = new Passthrough(source.retainedSlice(), 2);
        source.release();
        assertThat(ch.writeOutbound(new Query("select 1"), p)).isTrue();

        ByteBuf first = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(first)).isEqualTo(encode(new Query("select 1")));
        first.release();
        ByteBuf second = ch.readOutbound();
        assertThat(second.unwrap()).isSameAs(source);
        assertThat(ByteBufUtil.getBytes(second))
                .isEqualTo(encode(List.of(new CommandComplete("SELECT 1"), ReadyForQuery.IDLE)));
        second.release();
        assertThat(source.refCnt()).isZero();
        assertThat(ch.finish()).isFalse();
    }
}
