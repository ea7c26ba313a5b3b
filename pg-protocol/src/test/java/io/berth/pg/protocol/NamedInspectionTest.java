package io.berth.pg.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pg.protocol.Wires.Pipe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder mode a proxy uses to track named prepared statements: Parse, Bind, Describe and Close
 * are decoded only when they name a statement, the rest pass through counted by group, and runs end
 * after each Sync-like message.
 */
class NamedInspectionTest {
    private static MessageDecoder decoder() {
        return MessageDecoder.fromClient(Wires.MAX_LENGTH)
                .inspectOnly("X")
                .inspectNamed("PBDC")
                .countOnly("QSF", "P", "C")
                .endRunAfter("QSF");
    }

    private static byte[] bytes(ClientMessage... messages) {
        ByteBuf b = Unpooled.buffer();
        for (ClientMessage m : messages) {
            m.encode(b);
        }
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private static final byte[] PIPELINE = bytes(
            new Parse("", "select $1", new int[] {23}),
            new Bind("", "", new byte[] {0, 0, 0, 0, 0, 0}),
            new Describe(Describe.PORTAL, ""),
            new Execute("", 0),
            Sync.INSTANCE,
            new Parse("s1", "select 1", new int[0]),
            new Bind("p1", "s1", new byte[] {0, 0, 0, 0, 0, 0}),
            new Describe(Describe.STATEMENT, "s1"),
            new Describe(Describe.STATEMENT, ""),
            new Close(Close.STATEMENT, "s1"),
            new Close(Close.PORTAL, "p1"),
            new Close(Close.STATEMENT, ""),
            Sync.INSTANCE,
            new Query("select 1"),
            new Query("select 2"));

    /** What each decoded item is: a record's toString, or the counts and type bytes of a run. */
    private static List<String> describe(List<Object> out) {
        List<String> d = new ArrayList<>();
        for (Object o : out) {
            if (o instanceof Passthrough p) {
                StringBuilder types = new StringBuilder();
                ByteBuf c = p.content();
                for (int i = c.readerIndex(); i < c.writerIndex(); i += 1 + c.getInt(i + 1)) {
                    types.append((char) c.getByte(i));
                }
                d.add("run " + types + " " + p.counted(1) + "/" + p.counted(2) + "/" + p.counted(3) + " last "
                        + (char) p.lastType());
            } else {
                d.add(o.getClass().getSimpleName() + " " + name(o));
            }
            ReferenceCountUtil.release(o);
        }
        return d;
    }

    private static String name(Object o) {
        return switch (o) {
            case Parse p -> p.name();
            case Bind b -> b.statement();
            case Describe x -> (char) x.kind() + x.name();
            case Close x -> (char) x.kind() + x.name();
            default -> o.toString();
        };
    }

    private static final List<String> EXPECTED = List.of(
            "run PBDES 1/1/0 last S",
            "Parse s1",
            "Bind s1",
            "Describe Ss1",
            "run D 0/0/0 last D",
            "Close Ss1",
            "run CCS 1/0/2 last S",
            "run Q 1/0/0 last Q",
            "run Q 1/0/0 last Q");

    @Test
    void decodesOnlyWhatNamesAStatementAndCountsTheRestByGroup() {
        try (Pipe pipe = Pipe.of(decoder())) {
            assertThat(describe(Wires.decode(pipe, PIPELINE))).isEqualTo(EXPECTED);
            assertThat(pipe.exceptions).isEmpty();
        }
    }

    @Test
    void theSameAtEveryCut() {
        for (int cut = 1; cut < PIPELINE.length; cut++) {
            try (Pipe pipe = Pipe.of(decoder())) {
                List<Object> out = Wires.decode(pipe, PIPELINE, cut);
                List<String> d = describe(out);
                // A cut may end a run early; joined back together, the runs hold the same messages.
                assertThat(String.join(",", d).replace("run ", ""))
                        .as("cut at %d", cut)
                        .isEqualTo(String.join(",", mergeExpected(d)).replace("run ", ""));
                assertThat(pipe.exceptions).isEmpty();
                assertThat(pipe.allocatedBytes()).isZero();
            }
        }
        try (Pipe pipe = Pipe.of(decoder())) {
            List<String> d = describe(Wires.decodeByteByByte(pipe, PIPELINE));
            assertThat(d.stream().filter(s -> !s.startsWith("run")).toList())
                    .containsExactly("Parse s1", "Bind s1", "Describe Ss1", "Close Ss1");
            int syncs = d.stream()
                    .filter(s -> s.startsWith("run"))
                    .mapToInt(s -> Integer.parseInt(s.split(" ")[2].split("/")[0]))
                    .sum();
            assertThat(syncs).isEqualTo(4);
        }
    }

    /** The decoded items of one cut, checked against EXPECTED modulo runs split by the cut. */
    private static List<String> mergeExpected(List<String> actual) {
        List<String> named = actual.stream().filter(s -> !s.startsWith("run")).toList();
        assertThat(named).containsExactly("Parse s1", "Bind s1", "Describe Ss1", "Close Ss1");
        // Every run's counts must match the messages it holds.
        for (String s : actual) {
            if (s.startsWith("run")) {
                String[] parts = s.split(" ");
                String types = parts[1];
                String[] counts = parts[2].split("/");
                assertThat(Integer.parseInt(counts[0]))
                        .isEqualTo(count(types, "QSF"))
                        .isLessThanOrEqualTo(1);
                assertThat(Integer.parseInt(counts[1])).isEqualTo(count(types, "P"));
                assertThat(Integer.parseInt(counts[2])).isEqualTo(count(types, "C"));
                if (count(types, "QSF") == 1) {
                    assertThat("QSF").contains(types.substring(types.length() - 1));
                }
            }
        }
        return actual;
    }

    private static long count(String types, String of) {
        return types.chars().filter(c -> of.indexOf(c) >= 0).count();
    }

    @Test
    void aMessageTooShortToTellIsDecodedAndRefused() {
        byte[] shortClose = {'C', 0, 0, 0, 4};
        try (Pipe pipe = Pipe.of(decoder())) {
            Wires.decode(pipe, shortClose).forEach(ReferenceCountUtil::release);
            assertThat(pipe.exceptions).singleElement().isInstanceOf(ProtocolException.class);
        }
        byte[] bindWithoutTerminator = {'B', 0, 0, 0, 6, 'a', 'b'};
        try (Pipe pipe = Pipe.of(decoder())) {
            Wires.decode(pipe, bindWithoutTerminator).forEach(ReferenceCountUtil::release);
            assertThat(pipe.exceptions).singleElement().isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void withoutNamedInspectionEverythingPassesThrough() {
        try (Pipe pipe = Pipe.of(
                MessageDecoder.fromClient(Wires.MAX_LENGTH).inspectOnly("X").countOnly("QSF"))) {
            List<String> d = describe(Wires.decode(pipe, PIPELINE));
            assertThat(d).containsExactly("run PBDESPBDDCCCSQQ 4/0/0 last Q");
        }
    }
}
