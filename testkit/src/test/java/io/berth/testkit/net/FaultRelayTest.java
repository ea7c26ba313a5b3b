package io.berth.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testkit.Await;
import io.berth.testkit.net.FaultRelay.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FaultRelayTest {
    private EchoServer echo;
    private FaultRelay relay;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        relay = FaultRelay.start("127.0.0.1", echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        relay.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(relay.host(), relay.port());
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        return s;
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code data} and reads as many bytes back. */
    private static byte[] roundTrip(Socket s, byte[] data) throws IOException {
        s.getOutputStream().write(data);
        return s.getInputStream().readNBytes(data.length);
    }

    @Test
    void forwardsBothWaysAndCountsConnectionsAndBytes() throws IOException {
        byte[] data = bytes(200_000, 1);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, data)).isEqualTo(data);
            Await.until(() -> relay.counts().bytesToClient() == data.length);
            FaultRelay.Counts c = relay.counts();
            assertThat(c.accepted()).isEqualTo(1);
            assertThat(c.open()).isEqualTo(1);
            assertThat(c.bytesToTarget()).isEqualTo(data.length);
            assertThat(c.discarded()).isZero();
        }
        // The client's close reaches the target, and the relay lets go of the pair.
        Await.until(() -> echo.ended() == 1 && relay.counts().open() == 0);
    }

    @Test
    void aTargetClosingEndsTheClientsConnection() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, bytes(10, 2))).hasSize(10);
            echo.close();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        // A half-close: the pair is released once the client has closed its side too.
        Await.until(() -> relay.counts().open() == 0);
    }

    @Test
    void latencyDelaysEachDirectionByItsOwnAmount() throws IOException {
        relay.latency(Direction.TO_TARGET, Duration.ofMillis(60), Duration.ZERO)
                .latency(Direction.TO_CLIENT, Duration.ofMillis(40), Duration.ZERO);
        try (Socket s = connect()) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThat(roundTrip(s, bytes(100, i))).isEqualTo(bytes(100, i));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            }
        }
    }

    @Test
    void latencyOneWayLeavesTheOtherWayFast() throws IOException {
        relay.latency(Direction.TO_CLIENT, Duration.ofMillis(300), Duration.ZERO);
        try (Socket s = connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write(bytes(50, 3));
            Await.until(() -> relay.counts().bytesToTarget() == 50);
            long atTarget = System.nanoTime() - start;
            assertThat(s.getInputStream().readNBytes(50)).isEqualTo(bytes(50, 3));
            long back = System.nanoTime() - start;
            assertThat(Duration.ofNanos(back)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(back - atTarget)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
        }
    }

    @Test
    void latencyDoesNotAddUpOverPipelinedChunksAndJitterKeepsTheOrder() throws Exception {
        relay.latency(Direction.BOTH, Duration.ofMillis(50), Duration.ofMillis(20));
        byte[] data = bytes(1_000_000, 4);
        try (Socket s = connect()) {
            long start = System.nanoTime();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    // Many small writes, each its own chunk in the relay.
                    for (int off = 0; off < data.length; off += 1000) {
                        s.getOutputStream().write(data, off, 1000);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(s.getInputStream().readNBytes(data.length)).isEqualTo(data);
            writer.join();
            // A thousand chunks each delayed 100-140 ms in turn would take minutes.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void resetClosesEveryCurrentConnectionWithRstAndNewOnesWork() throws IOException {
        Socket[] clients = {connect(), connect(), connect()};
        try {
            for (Socket s : clients) {
                assertThat(roundTrip(s, bytes(10, 5))).hasSize(10);
            }
            assertThat(relay.reset()).isEqualTo(3);
            for (Socket s : clients) {
                assertThatThrownBy(() -> s.getInputStream().read())
                        .isInstanceOf(SocketException.class)
                        .hasMessageContaining("reset");
            }
            Await.until(() -> echo.ended() == 3);
            assertThat(relay.counts().open()).isZero();
            assertThat(relay.counts().reset()).isEqualTo(3);
            try (Socket fresh = connect()) {
                assertThat(roundTrip(fresh, bytes(10, 6))).isEqualTo(bytes(10, 6));
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void blackholeKeepsConnectionsOpenAndDiscardsEveryByte() throws IOException {
        try (Socket before = connect()) {
            assertThat(roundTrip(before, bytes(10, 7))).hasSize(10);
            relay.blackhole(Direction.BOTH);
            before.getOutputStream().write(bytes(100, 8));
            try (Socket during = connect()) {
                during.getOutputStream().write(bytes(100, 9));
                Await.until(() -> relay.counts().discarded() == 200);
                FaultRelay.Counts c = relay.counts();
                assertThat(c.accepted()).isEqualTo(2);
                assertThat(c.open()).isEqualTo(2);
                assertThat(c.bytesToTarget()).isEqualTo(10);
                assertThat(before.getInputStream().available()).isZero();
                assertThat(during.getInputStream().available()).isZero();
            }
            relay.normal();
            // The stream goes on without the lost bytes.
            assertThat(roundTrip(before, bytes(20, 10))).isEqualTo(bytes(20, 10));
        }
        try (Socket after = connect()) {
            assertThat(roundTrip(after, bytes(10, 11))).isEqualTo(bytes(10, 11));
        }
    }

    @Test
    void blackholeOneWayStillDeliversTheOtherWay() throws IOException {
        relay.blackhole(Direction.TO_CLIENT);
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes(64, 12));
            // The target gets the bytes and echoes them; the echo is what disappears.
            Await.until(
                    () -> relay.counts().bytesToTarget() == 64 && relay.counts().discarded() == 64);
            assertThat(relay.counts().bytesToClient()).isZero();
            assertThat(s.getInputStream().available()).isZero();
        }
    }

    @Test
    void refusingResetsNewConnectionsAndKeepsCurrentOnes() throws IOException {
        try (Socket current = connect()) {
            assertThat(roundTrip(current, bytes(10, 13))).hasSize(10);
            relay.refuseNewConnections();
            try (Socket refused = connect()) {
                assertEndedByPeer(refused.getInputStream());
            }
            assertThat(relay.counts().refused()).isEqualTo(1);
            assertThat(roundTrip(current, bytes(10, 14))).isEqualTo(bytes(10, 14));
            relay.normal();
            try (Socket after = connect()) {
                assertThat(roundTrip(after, bytes(10, 15))).isEqualTo(bytes(10, 15));
            }
        }
    }

    private static void assertEndedByPeer(InputStream in) {
        try {
            assertThat(in.read()).isEqualTo(-1);
        } catch (IOException e) {
            assertThat(e).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void dropHoldsBytesForItsDurationThenDeliversThemAll() throws IOException {
        byte[] data = bytes(5000, 16);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, bytes(10, 17))).hasSize(10);
            long start = System.nanoTime();
            relay.drop(Direction.TO_TARGET, Duration.ofMillis(400));
            assertThat(roundTrip(s, data)).isEqualTo(data);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void normalEndsADropAtOnce() throws Exception {
        try (Socket s = connect()) {
            relay.drop(Direction.BOTH, Duration.ofMinutes(5));
            s.getOutputStream().write(bytes(30, 18));
            relay.normal();
            // Within the test's time limit, far less than the five minutes of the drop.
            assertThat(s.getInputStream().readNBytes(30)).isEqualTo(bytes(30, 18));
        }
    }

    @Test
    void aDownTargetLooksLikeAResetToTheClient() throws IOException {
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0)) {
            closedPort = ss.getLocalPort();
        }
        try (FaultRelay toNowhere = FaultRelay.start("127.0.0.1", closedPort);
                Socket s = new Socket(toNowhere.host(), toNowhere.port())) {
            s.setSoTimeout(10_000);
            assertEndedByPeer(s.getInputStream());
            assertThat(toNowhere.counts().accepted()).isEqualTo(1);
            assertThat(toNowhere.counts().open()).isZero();
        }
    }
}
