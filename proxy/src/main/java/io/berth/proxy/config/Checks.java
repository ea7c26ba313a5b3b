package io.berth.proxy.config;

import static io.berth.proxy.config.SettingTable.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of {@link ProxyConfigBuilder#build()} that involve more than one setting: errors for
 * combinations that cannot work, warnings for ones that probably do not do what was meant. Messages start with
 * the {@code file:line} of the setting when it came from a file.
 */
final class Checks {
    private final Map<Setting<?>, Object> values;
    private final Map<String, DatabaseConfig> databases;
    private final Map<String, String> locations;

    Checks(Map<Setting<?>, Object> values, Map<String, DatabaseConfig> databases, Map<String, String> locations) {
        this.values = values;
        this.databases = databases;
        this.locations = locations;
    }

    void auth() {
        AuthType type = get(AUTH_TYPE);
        boolean anyAuthUser = !get(AUTH_USER).isEmpty()
                || databases.values().stream().anyMatch(d -> d.authUser().isPresent());
        if (type.needsPassword() && get(AUTH_FILE).isEmpty() && !anyAuthUser) {
            throw new InvalidSettingException(
                    AUTH_TYPE.name(),
                    "auth_type = " + type.configName() + " needs auth_file (or auth_user with auth_query) to"
                            + " check passwords: set auth_file to a userlist.txt, or choose auth_type ="
                            + " trust");
        }
    }

    void tls() {
        SslMode client = get(CLIENT_TLS_SSLMODE);
        if (client.enabled()
                && (get(CLIENT_TLS_KEY_FILE).isEmpty()
                        || get(CLIENT_TLS_CERT_FILE).isEmpty())) {
            throw new InvalidSettingException(
                    CLIENT_TLS_SSLMODE.name(),
                    "client_tls_sslmode = " + client.configName()
                            + " needs client_tls_key_file and client_tls_cert_file: set both, or use"
                            + " client_tls_sslmode = disable");
        }
        if ((client == SslMode.VERIFY_CA || client == SslMode.VERIFY_FULL)
                && get(CLIENT_TLS_CA_FILE).isEmpty()) {
            throw new InvalidSettingException(
                    CLIENT_TLS_SSLMODE.name(),
                    "client_tls_sslmode = " + client.configName()
                            + " needs client_tls_ca_file to check client certificates");
        }
        pair(CLIENT_TLS_KEY_FILE, CLIENT_TLS_CERT_FILE);
        pair(SERVER_TLS_KEY_FILE, SERVER_TLS_CERT_FILE);
    }

    private void pair(Setting<Optional<Path>> key, Setting<Optional<Path>> cert) {
        if (get(key).isPresent() != get(cert).isPresent()) {
            Setting<Optional<Path>> set = get(key).isPresent() ? key : cert;
            Setting<Optional<Path>> missing = set == key ? cert : key;
            throw new InvalidSettingException(
                    set.name(), set.name() + " is set without " + missing.name() + ": set both or neither");
        }
    }

    void warnings(List<String> out) {
        if (get(AUTH_TYPE) == AuthType.TRUST && get(AUTH_FILE).isEmpty()) {
            out.add(at(
                    AUTH_TYPE.name(),
                    "auth_type = trust without auth_file: Berth lets any user name in (PgBouncer would refuse"
                            + " every user missing from auth_file)"));
        }
        if (get(AUTH_HBA_FILE).isPresent()) {
            out.add(at(
                    AUTH_HBA_FILE.name(),
                    "auth_hba_file is not supported by Berth (there is no auth_type = hba), ignored"));
        }
        int min = get(MIN_POOL_SIZE);
        int size = get(DEFAULT_POOL_SIZE);
        if (min > size) {
            out.add(at(
                    MIN_POOL_SIZE.name(),
                    "min_pool_size = " + min + " exceeds default_pool_size = " + size
                            + ": pools using the default never grow past " + size));
        }
        for (DatabaseConfig db : databases.values()) {
            int dbMin = db.minPoolSize().orElse(min);
            int dbSize = db.poolSize().orElse(size);
            if (dbMin > dbSize && (db.minPoolSize().isPresent() || db.poolSize().isPresent())) {
                out.add(at(
                        "[databases] " + db.name(),
                        "database \"" + db.name() + "\": min_pool_size " + dbMin + " exceeds pool_size " + dbSize
                                + ": its pools never grow past " + dbSize));
            }
        }
    }

    private String at(String key, String message) {
        String where = locations.get(key);
        return where == null ? message : where + ": " + message;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> s) {
        return (T) values.get(s);
    }
}
