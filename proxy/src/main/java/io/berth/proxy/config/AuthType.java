package io.berth.proxy.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How clients prove who they are, as PgBouncer's {@code auth_type}. PgBouncer's {@code cert}, {@code hba},
 * {@code pam} and {@code ldap} are recognised in files but refused: Berth does not implement them.
 */
public enum AuthType {
    /** No authentication and the client's user name is ignored; every database must name its own user. */
    ANY("any"),
    /** No authentication; the user name must be in {@code auth_file} when one is set. */
    TRUST("trust"),
    /** Clear-text password over the wire. Deprecated by PgBouncer. */
    PLAIN("plain"),
    /** MD5 password check, or SCRAM-SHA-256 for users whose secret in {@code auth_file} is a SCRAM secret. */
    MD5("md5"),
    /** SCRAM-SHA-256; {@code auth_file} must hold SCRAM secrets or plain-text passwords. */
    SCRAM_SHA_256("scram-sha-256");

    /** PgBouncer's auth types that Berth recognises but does not implement. */
    static final Set<String> NOT_SUPPORTED = Set.of("cert", "hba", "pam", "ldap");

    private final String configName;

    AuthType(String configName) {
        this.configName = configName;
    }

    /** The name used in {@code pgbouncer.ini}, e.g. {@code scram-sha-256}. */
    public String configName() {
        return configName;
    }

    /** Whether a client must send a password, so the proxy needs to know users' secrets. */
    public boolean needsPassword() {
        return this == PLAIN || this == MD5 || this == SCRAM_SHA_256;
    }

    /** The type named {@code name} in a config file (case-insensitive), or empty when Berth has none. */
    public static Optional<AuthType> fromConfigName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (AuthType t : values()) {
            if (t.configName.equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
