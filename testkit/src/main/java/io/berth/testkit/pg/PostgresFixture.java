package io.berth.testkit.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The real PostgreSQL that tests on this machine use: {@code 127.0.0.1:5432}, database {@code
 * test}, superuser {@code postgres} with trust authentication.
 *
 * <p>That server trusts 127.0.0.1 for every user, so it never asks for a password. {@link
 * #ensureAuthRoles()} makes it ask for two roles, so authentication code can be tested against the
 * real thing:
 *
 * <ul>
 *   <li>{@value #SCRAM_USER} (password {@value #SCRAM_PASSWORD}, stored as SCRAM-SHA-256) must use
 *       {@code scram-sha-256};
 *   <li>{@value #MD5_USER} (password {@value #MD5_PASSWORD}, stored as md5 through {@code
 *       password_encryption='md5'}) must use {@code md5}.
 * </ul>
 *
 * <p>How: it finds the hba file with {@code SHOW hba_file} and, only when they are missing,
 * inserts the lines {@code host all berth_scram 127.0.0.1/32 scram-sha-256} and {@code host all
 * berth_md5 127.0.0.1/32 md5} before the first rule, in place (owner and mode kept); this needs
 * write access to the file, which tests have because they run as root. It then runs {@code SELECT
 * pg_reload_conf()}, creates the roles (or fixes their password and LOGIN when they exist with
 * something else), and waits until a wrong password is refused, since a reload takes effect a
 * moment after it returns. Other roles keep trust authentication; the lines stay after the tests.
 *
 * <p>Safe to call from many tests and many JVMs: within a JVM the work runs once, and across JVMs a
 * file lock on {@code berth-postgres-fixture.lock} in {@code java.io.tmpdir} serialises it.
 */
public final class PostgresFixture {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;
    public static final String DATABASE = "test";
    public static final String SUPERUSER = "postgres";
    public static final String SCRAM_USER = "berth_scram";
    public static final String SCRAM_PASSWORD = "berth-scram-pw";
    public static final String MD5_USER = "berth_md5";
    public static final String MD5_PASSWORD = "berth-md5-pw";

    static final List<String> HBA_LINES = List.of(
            "host all " + SCRAM_USER + " 127.0.0.1/32 scram-sha-256", "host all " + MD5_USER + " 127.0.0.1/32 md5");

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile boolean ready;

    private PostgresFixture() {}

    /** {@code jdbc:postgresql://127.0.0.1:5432/test}. */
    public static String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE;
    }

    /** A JDBC connection as the superuser {@value #SUPERUSER} (trust, no password). */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), SUPERUSER, "");
    }

    /** Makes {@value #SCRAM_USER} and {@value #MD5_USER} log in with their passwords only; see the class doc. */
    public static void ensureAuthRoles() {
        if (ready) {
            return;
        }
        LOCK.lock();
        try {
            if (ready) {
                return;
            }
            Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "berth-postgres-fixture.lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock();
                    Connection connection = connect();
                    Statement statement = connection.createStatement()) {
                Path hba = Path.of(queryString(statement, "SHOW hba_file"));
                addHbaLines(hba);
                ensureRole(connection, SCRAM_USER, SCRAM_PASSWORD, "scram-sha-256");
                ensureRole(connection, MD5_USER, MD5_PASSWORD, "md5");
                statement.execute("SELECT pg_reload_conf()"); // cheap; also covers an edit never reloaded
                awaitPasswordRequired(SCRAM_USER);
                awaitPasswordRequired(MD5_USER);
            }
            ready = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure PostgreSQL authentication for tests", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot configure PostgreSQL authentication for tests", e);
        } finally {
            LOCK.unlock();
        }
    }

    /** Inserts the missing {@link #HBA_LINES} before the first rule; true when the file changed. */
    static boolean addHbaLines(Path hba) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(hba, StandardCharsets.UTF_8));
        List<String> present = lines.stream().map(PostgresFixture::normalized).toList();
        List<String> missing =
                HBA_LINES.stream().filter(l -> !present.contains(l)).toList();
        if (missing.isEmpty()) {
            return false;
        }
        int firstRule = 0;
        while (firstRule < lines.size() && isCommentOrBlank(lines.get(firstRule))) {
            firstRule++;
        }
        List<String> added = new ArrayList<>();
        added.add("# added by Berth's PostgresFixture (tests): these roles must authenticate with a password");
        added.addAll(missing);
        lines.addAll(firstRule, added);
        Files.write(hba, lines, StandardCharsets.UTF_8); // in place: owner and mode stay
        return true;
    }

    private static void ensureRole(Connection connection, String role, String password, String encryption)
            throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rs = query.executeQuery()) {
                boolean exists = rs.next();
                if (exists && rs.getBoolean(1) && matches(rs.getString(2), role, password, encryption)) {
                    return;
                }
                try (Statement statement = connection.createStatement()) {
                    // role and password are constants of this class: no quoting needed
                    statement.execute("SET password_encryption = '" + encryption + "'");
                    statement.execute(
                            (exists ? "ALTER" : "CREATE") + " ROLE " + role + " LOGIN PASSWORD '" + password + "'");
                    statement.execute("RESET password_encryption");
                }
            }
        }
    }

    private static boolean matches(String stored, String role, String password, String encryption) {
        if (stored == null) {
            return false;
        }
        if (encryption.equals("md5")) {
            return stored.equals(
                    "md5" + HexFormat.of().formatHex(md5((password + role).getBytes(StandardCharsets.UTF_8))));
        }
        return scramMatches(stored, password);
    }

    /** {@code SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>} against an ASCII password, with the JDK's PBKDF2. */
    private static boolean scramMatches(String stored, String password) {
        String[] parts = stored.split("[$:]");
        if (parts.length != 5 || !parts[0].equals("SCRAM-SHA-256")) {
            return false;
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(
                            password.toCharArray(), base64.decode(parts[2]), Integer.parseInt(parts[1]), 256))
                    .getEncoded();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salted, "HmacSHA256"));
            byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            return MessageDigest.isEqual(storedKey, base64.decode(parts[3]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Waits until the server refuses a wrong password for {@code role}: the reloaded hba file is in effect. */
    private static void awaitPasswordRequired(String role) throws SQLException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(), role, "wrong-password")) {
                // still trusted: the reload has not reached the postmaster yet
            } catch (SQLException e) {
                if ("28P01".equals(e.getSQLState())) {
                    return;
                }
                throw e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(
                        "PostgreSQL still trusts " + role + " ten seconds after pg_reload_conf(); check its log");
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    private static String queryString(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean isCommentOrBlank(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }

    private static String normalized(String line) {
        return String.join(" ", line.strip().split("\\s+"));
    }

    private static byte[] md5(byte[] input) {
        try {
            return MessageDigest.getInstance("MD5").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
