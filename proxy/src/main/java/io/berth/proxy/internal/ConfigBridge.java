package io.berth.proxy.internal;

import io.berth.proxy.config.AuthFile;
import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.ConfigException;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.ProxyConfig;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** Turns a {@link ProxyConfig} into what the running proxy reads: settings, targets, secrets, listeners. */
public final class ConfigBridge {
    private ConfigBridge() {}

    /** Event loops: one per core, unless the system property {@code berth.threads} says otherwise. */
    public static int threads(ProxyConfig c) {
        return Math.max(
                1, Integer.getInteger("berth.threads", Runtime.getRuntime().availableProcessors()));
    }

    /** The global settings; builds the TLS context for clients when client_tls_sslmode asks for one. */
    public static ProxySettings settings(ProxyConfig c) throws ConfigException {
        return new ProxySettings(
                authMethod(c.authType()),
                c.poolMode(),
                c.maxClientConn(),
                c.reservePoolTimeout(),
                c.serverLifetime(),
                c.serverIdleTimeout(),
                c.serverConnectTimeout(),
                c.serverLoginRetry(),
                c.serverResetQuery().orElse(null),
                c.serverResetQueryAlways(),
                c.serverCheckQuery().orElse(null),
                c.serverCheckDelay(),
                c.queryWaitTimeout(),
                c.clientLoginTimeout(),
                lower(c.ignoreStartupParameters()),
                Set.copyOf(c.adminUsers()),
                Set.copyOf(c.statsUsers()),
                (int) Math.min(Integer.MAX_VALUE, c.maxPacketSize()),
                TlsContexts.forClients(c),
                new ProxySettings.SessionPolicy(
                        c.maxPreparedStatements(), c.trackExtraParameters(), c.pinSessionFeatures()),
                new ProxySettings.ClientTimeouts(
                        c.queryTimeout(), c.idleTransactionTimeout(), c.transactionTimeout(), c.clientIdleTimeout()),
                new ProxySettings.Observability(c.traceTransactions(), c.jsonLogs()));
    }

    private static ClientAuthMethod authMethod(AuthType t) {
        return switch (t) {
            case ANY, TRUST -> ClientAuthMethod.TRUST;
            case PLAIN -> ClientAuthMethod.PLAIN;
            case MD5 -> ClientAuthMethod.MD5;
            case SCRAM_SHA_256 -> ClientAuthMethod.SCRAM_SHA_256;
        };
    }

    private static Set<String> lower(List<String> names) {
        Set<String> out = new HashSet<>();
        names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
        return Set.copyOf(out);
    }

    /**
     * Resolves (database, user) to where its pool connects, or {@code null} for an unknown database.
     * The TLS context for servers is built here, once for every target of this configuration.
     */
    public static BiFunction<String, String, Target> targets(ProxyConfig c) throws ConfigException {
        ServerTls serverTls = TlsContexts.forServers(c);
        return (database, user) -> {
            Optional<DatabaseConfig> entry = c.database(database);
            if (entry.isEmpty()) {
                return null;
            }
            DatabaseConfig db = entry.get();
            List<String> hosts = db.tcpHosts();
            int poolSize = c.poolSize(db, user);
            int maxDb = db.maxDbConnections(c);
            if (maxDb > 0) {
                poolSize = Math.min(poolSize, maxDb);
            }
            int maxUser = c.user(user).map(u -> u.maxUserConnections(c)).orElse(c.maxUserConnections());
            if (maxUser > 0) {
                poolSize = Math.min(poolSize, maxUser);
            }
            List<Target.Endpoint> endpoints = endpoints(hosts, db.port());
            return new Target(
                    endpoints.get(0).host(),
                    endpoints.get(0).port(),
                    db.dbname(),
                    db.user().orElse(user),
                    db.password().orElse(null),
                    Math.max(1, poolSize),
                    db.minPoolSize(c),
                    c.reservePoolSize(db, user),
                    c.poolMode(db, user),
                    db.connectQuery().orElse(null),
                    serverTls,
                    endpoints,
                    Target.Role.of(db.targetSessionAttrs()),
                    db.loadBalanceHosts(),
                    limits(c, db, user));
        };
    }

    /** The auth_query each database's clients are looked up with: its auth_user's, else none. */
    public static java.util.function.Function<String, AuthStore.AuthQuery> authQueries(ProxyConfig c) {
        String query = c.authQuery();
        return database -> c.database(database)
                .flatMap(db -> db.authUser(c))
                .map(user -> new AuthStore.AuthQuery(user, query))
                .orElse(null);
    }

    /** The timeouts and client limits for {@code user} on {@code db}: the user's, the database's, else global. */
    static Target.Limits limits(ProxyConfig c, DatabaseConfig db, String user) {
        ProxySettings.ClientTimeouts timeouts = new ProxySettings.ClientTimeouts(
                c.time("query_timeout", db, user, c.queryTimeout()),
                c.time("idle_transaction_timeout", db, user, c.idleTransactionTimeout()),
                c.time("transaction_timeout", db, user, c.transactionTimeout()),
                c.time("client_idle_timeout", db, user, c.clientIdleTimeout()));
        return new Target.Limits(
                timeouts,
                c.time("query_wait_timeout", db, user, c.queryWaitTimeout()),
                c.time("server_lifetime", db, user, c.serverLifetime()),
                c.maxDbClientConnections(db),
                c.maxUserClientConnections(user));
    }

    /** host=a,b:5433,[::1]:5434 with port= for those without their own port. */
    public static List<Target.Endpoint> endpoints(List<String> hosts, int port) {
        if (hosts.isEmpty()) {
            return List.of(new Target.Endpoint(DatabaseConfig.LOCAL_TCP_HOST, port));
        }
        List<Target.Endpoint> out = new java.util.ArrayList<>();
        for (String h : hosts) {
            String name = h;
            int p = port;
            int colon = h.lastIndexOf(':');
            String tail = colon > 0 ? h.substring(colon + 1) : "";
            boolean ownPort = colon > 0
                    && tail.matches("\\d{1,5}")
                    && Integer.parseInt(tail) <= 65535
                    && (h.startsWith("[") ? h.charAt(colon - 1) == ']' : h.indexOf(':') == colon);
            if (ownPort) {
                name = h.substring(0, colon);
                p = Integer.parseInt(tail);
            }
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            out.add(new Target.Endpoint(name, p));
        }
        return out;
    }

    /** The auth file's users and secrets; empty when none is configured. */
    public static Map<String, String> userlist(ProxyConfig c) throws ConfigException {
        Optional<Path> file = c.authFile();
        return file.isPresent() ? AuthFile.load(file.get()) : Map.of();
    }

    /** Addresses to listen on; {@code *} means every IPv4 address. */
    public static List<String> listenHosts(ProxyConfig c) {
        List<String> out = new ArrayList<>();
        for (String a : c.listenAddr()) {
            out.add(a.equals("*") ? "0.0.0.0" : a);
        }
        return out.isEmpty() ? List.of("127.0.0.1") : out;
    }

    public static int listenPort(ProxyConfig c) {
        return c.listenPort();
    }
}
