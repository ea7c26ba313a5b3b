package io.berth.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.json.Json;

/** A client of the proxy's HTTP admin listener, over loopback; JSON read by Selenium's parser, not ours. */
final class AdminHttp {
    private static final Json JSON = new Json();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** For a listener at {@code address}; reached through 127.0.0.1 whatever address it is bound to. */
    AdminHttp(InetSocketAddress address) {
        this.base = "http://127.0.0.1:" + address.getPort();
    }

    String base() {
        return base;
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** GETs {@code path}, which must answer 200 with JSON, and parses it. */
    Map<String, Object> json(String path, String... headers) throws IOException, InterruptedException {
        HttpResponse<String> res = get(path, headers);
        if (res.statusCode() != 200) {
            throw new AssertionError(path + " answered " + res.statusCode() + ": " + res.body());
        }
        if (!res.headers().firstValue("content-type").orElse("").startsWith("application/json")) {
            throw new AssertionError(path + " is not JSON: " + res.headers().map());
        }
        return parse(res.body());
    }

    static Map<String, Object> parse(String json) {
        return JSON.toType(json, Json.MAP_TYPE);
    }
}
