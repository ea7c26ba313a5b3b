package io.berth.pg.protocol;

import static io.berth.pg.protocol.Wires.comparable;
import static io.berth.pg.protocol.Wires.decode;
import static io.berth.pg.protocol.Wires.decodeByteByByte;
import static io.berth.pg.protocol.Wires.encode;
import static io.berth.pg.protocol.Wires.release;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pg.protocol.Wires.Pipe;
import io.berth.pg.protocol.Wires.Raw;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real sessions recorded by {@link CaptureRelay} (psql and pgjdbc against PostgreSQL 15), decoded
 * with the input cut at every byte boundary and one byte at a time.
 */
class CaptureReplayTest {

    private static boolean fromServer(String capture) {
        return capture.endsWith("-server.bin");
    }

    private static Supplier<Pipe> pipes(String capture) {
        return fromServer(capture) ? Pipe::server : Pipe::client;
    }

    /** Decodes, checks that nothing is left over or leaked, and returns the comparable messages. */
    private static List<Object> decodeChecked(Pipe pipe, byte[] data, boolean byteByByte, int... cuts) {
        try (pipe) {
            List<Object> got = byteByByte ? decodeByteByByte(pipe, data) : decode(pipe, data, cuts);
            assertThat(pipe.exceptions).isEmpty();
            assertThat(encode(got)).as("re-encoded messages").isEqualTo(data);
            List<Object> result = comparable(got);
            List<ByteBuf> held = release(got);
            pipe.channel.finishAndReleaseAll();
            Wires.assertFreed(held);
            assertThat(pipe.allocatedBytes()).as("bytes still allocated").isZero();
            return result;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"psql-client.bin", "psql-server.bin", "pgjdbc-client.bin", "pgjdbc-server.bin"})
    void decodingIsTheSameWhereverTheInputIsCutAndReEncodesByteForByte(String capture) {
        byte[] data = Wires.capture(capture);
        List<Object> expected = decodeChecked(pipes(capture).get(), data, false);

        int typedFrom = fromServer(capture) ? 0 : Wires.startupLength(data);
        String types = Wires.types(data, typedFrom);
        assertThat(expected).hasSize(types.length() + (fromServer(capture) ? 0 : 1));

        for (int k = 1; k < data.length; k++) {
            assertThat(decodeChecked(pipes(capture).get(), data, false, k))
                    .as("cut at %d", k)
                    .isEqualTo(expected);
        }
        assertThat(decodeChecked(pipes(capture).get(), data, true))
                .as("one byte at a time")
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"psql-client.bin", "pgjdbc-client.bin"})
    void decodingIsTheSameWhenCutTwiceAroundTheEndOfStartup(String capture) {
        byte[] data = Wires.capture(capture);
        List<Object> expected = decodeChecked(Pipe.client(), data, false);
        int startup = Wires.startupLength(data);
        for (int a = 1; a < startup + 12; a++) {
            for (int b = a + 1; b < startup + 24; b++) {
                assertThat(decodeChecked(Pipe.client(), data, false, a, b))
                        .as("cut at %d and %d", a, b)
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"psql-server.bin", "pgjdbc-server.bin"})
    void inspectingOnlyReadyForQueryPassesEverythingElseThroughUnchanged(String capture) {
        byte[] data = Wires.capture(capture);
        String types = Wires.types(data, 0);
        List<TransactionStatus> statuses = statuses(data);

        for (int k = 0; k < data.length; k++) {
            Pipe pipe = Pipe.server(MessageDecoder.fromServer(Wires.MAX_LENGTH).inspectOnly("Z"));
            try (pipe) {
                List<Object> got = decode(pipe, data, k);
                assertThat(pipe.exceptions).isEmpty();
                assertThat(got).allMatch(m -> m instanceof Passthrough || m instanceof ReadyForQuery);

                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                int messages = 0;
                List<TransactionStatus> seen = new ArrayList<>();
                for (Object m : got) {
                    if (m instanceof Passthrough p) {
                        assertThat(p.messages()).isPositive();
                        assertThat(Wires.types(ByteBufUtil.getBytes(p.content()), 0))
                                .as("a Passthrough holds whole messages, none of them Z")
                                .hasSize(p.messages())
                                .doesNotContain("Z");
                        messages += p.messages();
                        joined.writeBytes(ByteBufUtil.getBytes(p.content()));
                    } else {
                        ReadyForQuery z = (ReadyForQuery) m;
                        messages++;
                        seen.add(z.status());
                        joined.writeBytes(encode(z));
                    }
                }
                assertThat(joined.toByteArray()).as("cut at %d", k).isEqualTo(data);
                assertThat(messages).isEqualTo(types.length());
                assertThat(seen).isEqualTo(statuses);
                List<ByteBuf> held = release(got);
                pipe.channel.finishAndReleaseAll();
                Wires.assertFreed(held);
                assertThat(pipe.allocatedBytes()).isZero();
            }
        }
    }

    /** Decodes a whole capture in one piece; the Passthroughs' bytes are copied and released. */
    private static List<Object> messages(String capture) {
        return decodeChecked(pipes(capture).get(), Wires.capture(capture), false);
    }

    @Test
    void psqlSessionDecodesToWhatPsqlSent() {
        List<Object> m = messages("psql-client.bin");
        StartupMessage startup = (StartupMessage) m.get(0);
        assertThat(startup.protocolVersion()).isEqualTo(StartupMessage.PROTOCOL_3_0);
        assertThat(startup.user()).isEqualTo("postgres");
        assertThat(startup.database()).isEqualTo("test");
        assertThat(startup.parameters()).containsEntry("application_name", "psql");
        assertThat(m.get(1)).isEqualTo(new Query("select 1;"));
        assertThat(m)
                .contains(
                        new Query("select 1 as one ; select 'two' as two ; select 3.0 as three;"),
                        new Query("select 1/0;"),
                        new Query("insert into t values (1, 'héllo ☃'), (2, null);"),
                        // psql 15 sends the end marker as data too
                        new CopyData("3\twith a tab\\there\n\\.\n".getBytes(StandardCharsets.UTF_8)),
                        CopyDone.INSTANCE);
        assertThat(m.get(m.size() - 1)).isEqualTo(Terminate.INSTANCE);
    }

    @Test
    void psqlSessionDecodesToWhatPostgresAnswered() {
        List<Object> m = messages("psql-server.bin");
        assertThat(m.get(0)).isEqualTo(Authentication.ok());
        assertThat(m)
                .filteredOn(ParameterStatus.class::isInstance)
                .extracting(p -> ((ParameterStatus) p).name())
                .contains("server_version", "client_encoding", "DateStyle", "TimeZone", "integer_datetimes");
        assertThat(m).anyMatch(o -> o instanceof BackendKeyData k && k.secretKey().length == 4);
        assertThat(m).contains(new RowDescription(List.of(new RowDescription.Column("?column?", 0, 0, 23, 4, -1, 0))));
        assertThat(m).contains(new DataRow(Arrays.asList("a", null)), new CommandComplete("SELECT 1"));
        assertThat(m).contains(new CopyResponse((byte) CopyResponse.OUT, (byte) 0, new short[] {0}));
        assertThat(m).contains(new CopyResponse((byte) CopyResponse.IN, (byte) 0, new short[] {0, 0}));
        assertThat(m).contains(new CopyData("2\n".getBytes(StandardCharsets.US_ASCII)), new CommandComplete("COPY 3"));
        assertThat(m)
                .filteredOn(ErrorResponse.class::isInstance)
                .map(ErrorResponse.class::cast)
                .anySatisfy(e -> {
                    assertThat(e.notice()).isFalse();
                    assertThat(e.sqlState()).isEqualTo("22012");
                    assertThat(e.message()).isEqualTo("division by zero");
                    assertThat(e.severity()).isEqualTo("ERROR");
                })
                .anySatisfy(e -> {
                    assertThat(e.notice()).isTrue();
                    assertThat(e.message()).isEqualTo("a notice");
                });
        assertThat(m)
                .filteredOn(ReadyForQuery.class::isInstance)
                .extracting(z -> ((ReadyForQuery) z).status())
                .containsSubsequence(
                        TransactionStatus.IDLE,
                        TransactionStatus.IN_TRANSACTION,
                        TransactionStatus.FAILED,
                        TransactionStatus.IDLE);
    }

    @Test
    void pgjdbcSessionDecodesToNamedStatementsBatchesAndMetadataQueries() {
        List<Object> m = messages("pgjdbc-client.bin");
        assertThat(((StartupMessage) m.get(0)).parameters()).containsEntry("client_encoding", "UTF8");
        String select = "select $1::int + 1 as n, now() as at, $2::text as s";
        assertThat(m)
                .contains(new Parse("", select, new int[] {23, 1043}), new Parse("S_1", select, new int[] {23, 1043}));
        assertThat(m)
                .filteredOn(o -> o instanceof Bind b && b.statement().equals("S_1"))
                .hasSize(2);
        assertThat(m).contains(new Describe(Describe.STATEMENT, "S_1"), new Describe(Describe.PORTAL, ""));
        assertThat(m).contains(new Execute("", 0), Sync.INSTANCE);
        assertThat(m)
                .filteredOn(o -> o instanceof Parse p && p.query().startsWith("insert into items"))
                .isNotEmpty();
        assertThat(m).filteredOn(Query.class::isInstance).isNotEmpty();
        assertThat(m.get(m.size() - 1)).isEqualTo(Terminate.INSTANCE);
    }

    @Test
    void pgjdbcBinaryResultsKeepTheirBytes() {
        List<Object> m = messages("pgjdbc-server.bin");
        assertThat(m)
                .contains(new RowDescription(List.of(
                        new RowDescription.Column("n", 0, 0, 23, 4, -1, 0),
                        new RowDescription.Column("at", 0, 0, 1184, 8, -1, 0),
                        new RowDescription.Column("s", 0, 0, 25, -1, -1, 0))));
        // ParameterDescription is not decoded, and neither is the row with a binary timestamptz
        assertThat(m)
                .filteredOn(o -> o instanceof Raw r && r.hex().startsWith("74"))
                .hasSize(1);
        assertThat(m)
                .filteredOn(o -> o instanceof Raw r && r.hex().startsWith("44"))
                .hasSize(1);
        assertThat(m).contains(ParseComplete.INSTANCE, BindComplete.INSTANCE, NoData.INSTANCE);
        assertThat(m)
                .filteredOn(ErrorResponse.class::isInstance)
                .extracting(e -> ((ErrorResponse) e).sqlState())
                .contains("22012");
    }

    /** The ReadyForQuery statuses in a server capture, read straight from the bytes. */
    private static List<TransactionStatus> statuses(byte[] data) {
        List<TransactionStatus> out = new ArrayList<>();
        int at = 0;
        while (at < data.length) {
            int len = ((data[at + 1] & 0xff) << 24)
                    | ((data[at + 2] & 0xff) << 16)
                    | ((data[at + 3] & 0xff) << 8)
                    | (data[at + 4] & 0xff);
            if (data[at] == 'Z') {
                out.add(TransactionStatus.of(data[at + 5]));
            }
            at += 1 + len;
        }
        return out;
    }
}
