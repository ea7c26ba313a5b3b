package io.berth.proxy.internal;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files, from the classpath: the page and its script and style from this module's
 * resources ({@code io/berth/proxy/dashboard/}), and libraries from WebJars ({@code
 * META-INF/resources/webjars/<name>/<version>/...}). A WebJar path may leave out the version ({@code
 * /webjars/chart.js/dist/chart.umd.min.js}): it is taken from the WebJar's Maven properties, so the
 * page does not change when the library's version does. Files found are kept in memory.
 */
final class StaticFiles {
    private static final String DASHBOARD = "/io/berth/proxy/dashboard/";
    private static final Set<String> DASHBOARD_FILES = Set.of("index.html", "dashboard.js", "dashboard.css");
    private static final Pattern SAFE_PATH = Pattern.compile("/webjars(/[A-Za-z0-9_@-][A-Za-z0-9._@-]*)+");
    private static final int MAX_CACHED = 64;

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> versions = new ConcurrentHashMap<>();

    /** One of the dashboard's own files; never cached by the browser, so a new version shows at once. */
    FullHttpResponse dashboard(String name) {
        if (!DASHBOARD_FILES.contains(name)) {
            return notFound("/" + name);
        }
        byte[] body = cached(DASHBOARD + name, () -> read(StaticFiles.class.getResourceAsStream(DASHBOARD + name)));
        if (body == null) {
            return notFound("/" + name);
        }
        FullHttpResponse res = HttpAdmin.bytes(HttpResponseStatus.OK, body, contentType(name));
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (name.endsWith(".html")) {
            res.headers()
                    .set(
                            "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
                                    + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
        }
        return res;
    }

    /** A file of a WebJar, {@code path} starting with {@code /webjars/}. */
    FullHttpResponse webjar(String path) {
        if (!SAFE_PATH.matcher(path).matches()) {
            return notFound(path);
        }
        String resource = "META-INF/resources" + path;
        byte[] body = cached(resource, () -> read(loader().getResourceAsStream(resource)));
        if (body == null) {
            String versioned = withVersion(path);
            if (versioned != null) {
                String r = "META-INF/resources" + versioned;
                body = cached(r, () -> read(loader().getResourceAsStream(r)));
            }
        }
        if (body == null) {
            return notFound(path);
        }
        FullHttpResponse res = HttpAdmin.bytes(HttpResponseStatus.OK, body, contentType(path));
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "max-age=3600");
        return res;
    }

    /** {@code /webjars/name/rest} as {@code /webjars/name/<version>/rest}, or null when the WebJar is not there. */
    private String withVersion(String path) {
        String rest = path.substring("/webjars/".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String name = rest.substring(0, slash);
        Optional<String> version = versions.computeIfAbsent(name, StaticFiles::webjarVersion);
        return version.map(v -> "/webjars/" + name + "/" + v + rest.substring(slash))
                .orElse(null);
    }

    private static Optional<String> webjarVersion(String name) {
        for (String group : new String[] {"org.webjars.npm", "org.webjars"}) {
            try (InputStream in =
                    loader().getResourceAsStream("META-INF/maven/" + group + "/" + name + "/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    return Optional.ofNullable(p.getProperty("version"));
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private interface Reader {
        byte[] read();
    }

    private byte[] cached(String key, Reader reader) {
        byte[] b = cache.get(key);
        if (b != null) {
            return b;
        }
        b = reader.read();
        if (b != null && cache.size() < MAX_CACHED) {
            cache.put(key, b);
        }
        return b;
    }

    private static byte[] read(InputStream in) {
        if (in == null) {
            return null;
        }
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private static ClassLoader loader() {
        ClassLoader l = StaticFiles.class.getClassLoader();
        return l != null ? l : ClassLoader.getSystemClassLoader();
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (name.endsWith(".json") || name.endsWith(".map")) {
            return "application/json; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static FullHttpResponse notFound(String path) {
        return HttpAdmin.text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n");
    }
}
