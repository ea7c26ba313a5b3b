package io.berth.proxy;

import io.berth.proxy.config.ConfigException;
import io.berth.proxy.config.ProxyConfig;
import io.berth.proxy.internal.AdminCommands;
import io.berth.proxy.internal.AuthStore;
import io.berth.proxy.internal.ClientSession;
import io.berth.proxy.internal.ConfigBridge;
import io.berth.proxy.internal.HttpAdmin;
import io.berth.proxy.internal.ProxyContext;
import io.berth.proxy.internal.ProxyServer;
import io.berth.proxy.internal.ProxySettings;
import io.berth.proxy.internal.Transport;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running PostgreSQL pooling proxy: {@link #start} it with a configuration (PgBouncer's
 * pgbouncer.ini as is), {@link #reload} it, {@link #shutdown} it gracefully or {@link #close} it at
 * once.
 */
public final class BerthProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BerthProxy.class);

    private final EventLoopGroup workers;
    private final ExecutorService blocking;
    private final ProxyContext px;
    private final ProxyServer server;
    private final AdminCommands admin;
    private volatile ProxyConfig config;
    private volatile HttpAdmin http;
    private volatile boolean accepting;
    private final List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private BerthProxy(ProxyConfig config) throws ConfigException {
        this.config = config;
        this.workers = ProxyServer.workers(ConfigBridge.threads(config));
        this.blocking = Executors.newVirtualThreadPerTaskExecutor();
        this.px = new ProxyContext(
                ConfigBridge.settings(config),
                ConfigBridge.targets(config),
                new AuthStore(ConfigBridge.userlist(config)),
                workers,
                blocking);
        px.auth().queries(ConfigBridge.authQueries(config));
        this.server = new ProxyServer(px);
        this.admin = new AdminCommands(px, this::config, this::reloadFromSource, this::shutdownAsync);
        px.setAdmin(admin);
    }

    /** Starts a proxy listening where the configuration says. */
    public static BerthProxy start(ProxyConfig config) throws ConfigException, InterruptedException {
        BerthProxy proxy = new BerthProxy(config);
        try {
            for (String host : ConfigBridge.listenHosts(config)) {
                InetSocketAddress a = proxy.server.bind(host, ConfigBridge.listenPort(config), config.soReuseport());
                LOG.info(
                        "berth listening on {}:{} ({} event loops on {})",
                        a.getHostString(),
                        a.getPort(),
                        ConfigBridge.threads(config),
                        Transport.of(proxy.workers).propertyValue());
            }
            if (config.unixSocketDir().isPresent()
                    && config.unixSocketDir().get().startsWith("/")) {
                int port = proxy.server.addresses().isEmpty()
                        ? ConfigBridge.listenPort(config)
                        : proxy.server.addresses().get(0).getPort();
                java.nio.file.Path socket =
                        java.nio.file.Path.of(config.unixSocketDir().get(), ".s.PGSQL." + port);
                try {
                    proxy.server.bindUnix(socket, config.unixSocketMode());
                    LOG.info("berth listening on {}", socket);
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.warn("berth cannot listen on unix socket {}: {}; TCP only", socket, e.toString());
                }
            }
            proxy.accepting = true;
            if (config.adminHttpAddr().isPresent()) {
                proxy.http = new HttpAdmin(
                        proxy.admin,
                        proxy::config,
                        () -> proxy.accepting,
                        proxy.workers,
                        config.adminHttpAddr().get());
                LOG.info("berth admin HTTP on {}", proxy.http.address());
            }
        } catch (RuntimeException | InterruptedException | ConfigException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    public ProxyConfig config() {
        return config;
    }

    /** Where clients connect; the first listen address. */
    public InetSocketAddress address() {
        return server.addresses().get(0);
    }

    public List<InetSocketAddress> addresses() {
        return server.addresses();
    }

    /** Where the HTTP admin listener is, when admin_http_addr turned it on. */
    public java.util.Optional<InetSocketAddress> httpAddress() {
        HttpAdmin h = http;
        return h == null ? java.util.Optional.empty() : java.util.Optional.of(h.address());
    }

    /** Applies a new configuration: settings, database entries and the auth file. Listeners stay. */
    public void reload(ProxyConfig next) throws ConfigException {
        try {
            ProxySettings settings = ConfigBridge.settings(next);
            java.util.function.BiFunction<String, String, io.berth.proxy.internal.Target> targets =
                    ConfigBridge.targets(next);
            java.util.Map<String, String> users = ConfigBridge.userlist(next);
            px.reload(settings, targets);
            px.auth().replace(users);
            px.auth().queries(ConfigBridge.authQueries(next));
        } catch (ConfigException | RuntimeException e) {
            px.lifecycle().configReloadFailed(e);
            throw e;
        }
        this.config = next;
        px.lifecycle().configReloaded(next.source());
    }

    /** Re-reads the configuration file this proxy started from (SIGHUP, RELOAD). */
    public void reloadFromSource() throws ConfigException {
        if (config.source() == null) {
            throw new ConfigException("this proxy was not started from a file, so there is nothing to re-read");
        }
        ProxyConfig next;
        try {
            next = ProxyConfig.load(config.source());
        } catch (ConfigException | RuntimeException e) {
            px.lifecycle().configReloadFailed(e);
            throw e;
        }
        reload(next);
    }

    /**
     * Stops accepting clients, lets clients that hold a server connection (a transaction or a
     * session in progress) finish up to {@code grace}, then closes everything. Returns whether
     * everyone finished in time.
     */
    public boolean shutdown(Duration grace) {
        accepting = false;
        server.stopAccepting();
        long deadline = System.nanoTime() + grace.toNanos();
        boolean clean = true;
        while (busyClients() > 0) {
            if (System.nanoTime() > deadline) {
                clean = false;
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                clean = false;
                break;
            }
        }
        close();
        return clean;
    }

    private void shutdownAsync() {
        Thread.ofPlatform().name("berth-shutdown").start(() -> shutdown(Duration.ofSeconds(30)));
    }

    private long busyClients() {
        return px.clients().sessions().stream().filter(ClientSession::busy).count();
    }

    /** Runs {@code action} once the proxy has closed (by {@link #close}, shutdown or the admin console). */
    public void onClose(Runnable action) {
        onClose.add(action);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        accepting = false;
        HttpAdmin h = http;
        if (h != null) {
            h.close();
        }
        server.close();
        px.clients().sessions().forEach(ClientSession::terminate);
        px.close();
        if (!px.awaitChannelsClosed(Duration.ofSeconds(2), true)) {
            LOG.warn("berth: some connections were still closing after 2 s; the event loops stop now");
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
        onClose.forEach(Runnable::run);
    }
}
