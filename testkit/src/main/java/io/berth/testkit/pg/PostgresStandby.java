package io.berth.testkit.pg;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real streaming-replication standby of the local PostgreSQL, for tests of replica routing and
 * failover: {@code pg_basebackup -R} into a temporary directory, started with {@code pg_ctl} on a
 * free loopback port as the {@code postgres} OS user. {@link #promote()} makes it a primary;
 * {@link #close()} stops it and deletes its files.
 *
 * <p>It needs the server binaries of the running major version (Debian's postgresql package) and
 * adds {@code host replication all 127.0.0.1/32 trust} to the primary's hba file when missing, as
 * {@link PostgresFixture} does for its roles.
 */
public final class PostgresStandby implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final int port;

    private PostgresStandby(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    /** Makes and starts a standby; waits until it accepts connections. */
    public static PostgresStandby start() throws Exception {
        Path bin = binaries();
        allowReplication();
        String maxConnections;
        try (Connection c = PostgresFixture.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show max_connections")) {
            rs.next();
            maxConnections = rs.getString(1); // a hot standby needs at least the primary's
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("berth-standby-");
        run("chown", "postgres:postgres", dir.toString());
        run("chmod", "700", dir.toString());
        PostgresStandby standby = new PostgresStandby(dir, bin, port);
        try {
            asPostgres(
                    bin.resolve("pg_basebackup").toString(),
                    "-h",
                    PostgresFixture.HOST,
                    "-p",
                    String.valueOf(PostgresFixture.PORT),
                    "-U",
                    PostgresFixture.SUPERUSER,
                    "-D",
                    dir.toString(),
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast");
            // Debian keeps the configuration outside the data directory: give the copy its own.
            Files.writeString(dir.resolve("postgresql.conf"), "hot_standby = on\n", StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve("pg_hba.conf"),
                    "local all all trust\nhost all all 127.0.0.1/32 trust\n",
                    StandardCharsets.UTF_8);
            run(
                    "chown",
                    "postgres:postgres",
                    dir.resolve("postgresql.conf").toString(),
                    dir.resolve("pg_hba.conf").toString());
            asPostgres(
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    dir.toString(),
                    "-l",
                    dir.resolve("log").toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c max_connections=" + maxConnections,
                    "start");
            return standby;
        } catch (Exception e) {
            standby.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/" + database, PostgresFixture.SUPERUSER, "");
    }

    /** Whether it is still a standby ({@code pg_is_in_recovery()}). */
    public boolean inRecovery() throws SQLException {
        try (Connection c = connect("postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Promotes it to a primary and waits until it is one. */
    public void promote() throws Exception {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-w", "-t", "60", "promote");
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(dir.resolve("postmaster.pid"))) {
                asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate", "-w", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path binaries() throws SQLException, IOException {
        String version;
        try (Connection c = PostgresFixture.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show server_version_num")) {
            rs.next();
            version = String.valueOf(Integer.parseInt(rs.getString(1)) / 10000);
        }
        Path bin = Path.of("/usr/lib/postgresql", version, "bin");
        if (!Files.isExecutable(bin.resolve("pg_ctl")) || !Files.isExecutable(bin.resolve("pg_basebackup"))) {
            throw new IOException("a standby needs PostgreSQL " + version + "'s server binaries in " + bin
                    + "; install Debian's postgresql-" + version);
        }
        return bin;
    }

    /** Adds a replication line for 127.0.0.1 to the primary's hba file when it has none, and reloads. */
    private static void allowReplication() throws SQLException, IOException {
        try (Connection c = PostgresFixture.connect();
                Statement s = c.createStatement()) {
            Path hba;
            try (ResultSet rs = s.executeQuery("show hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(hba, StandardCharsets.UTF_8));
            String line = "host replication all 127.0.0.1/32 trust";
            if (!lines.contains(line)) {
                lines.add(0, line);
                Files.write(hba, lines, StandardCharsets.UTF_8);
                s.execute("select pg_reload_conf()");
            }
        }
    }

    private static void asPostgres(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                    + new String(out, StandardCharsets.UTF_8));
        }
    }
}
