package dev.sandbench.engine.compat;

import dev.sandbench.engine.TestEngine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends exactly what a foreign SDK sends: its own auth header scheme and its habits (CAGE's
 * {@code Content-Type: application/json} on every call, GET and DELETE included).
 */
final class CompatHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final Map<String, String> headers;

    CompatHttp(String base, Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** CAGE's requests.Session: ApiKey auth and a JSON content type on every call. */
    static CompatHttp cage(TestEngine engine, String key) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "ApiKey " + key);
        h.put("Content-Type", "application/json");
        return new CompatHttp(engine.url(), h);
    }

    /** Sandkasten's httpx client: Bearer auth; JSON bodies say so themselves. */
    static CompatHttp sandkasten(TestEngine engine, String key) {
        return new CompatHttp(engine.url(), Map.of("Authorization", "Bearer " + key));
    }

    /**
     * Cloud Sandbox's requests.Session: {@code Content-Type: application/json} on every call (GET,
     * DELETE and the body-less POSTs included), {@code Authorization: Bearer} once it has a token.
     */
    static CompatHttp cloud(TestEngine engine, String token) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (token != null) h.put("Authorization", "Bearer " + token);
        return new CompatHttp(engine.url(), h);
    }

    static CompatHttp none(TestEngine engine) {
        return new CompatHttp(engine.url(), Map.of());
    }

    CompatHttp with(String header, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (value == null) h.remove(header);
        else h.put(header, value);
        return new CompatHttp(base, h);
    }

    TestEngine.Res get(String path) {
        return send("GET", path, null, null);
    }

    TestEngine.Res delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** A POST with no body at all (Cloud Sandbox's acquire, pause and resume: Content-Length 0). */
    TestEngine.Res post(String path) {
        return send("POST", path, null, null);
    }

    TestEngine.Res put(String path, Object json) {
        try {
            return send("PUT", path, TestEngine.JSON.writeValueAsBytes(json), "application/json");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    TestEngine.Res post(String path, Object json) {
        try {
            String body = json instanceof String s ? s : TestEngine.JSON.writeValueAsString(json);
            return send("POST", path, body.getBytes(StandardCharsets.UTF_8), "application/json");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A multipart body of fields and files, in the order given ({@code String} values are fields, {@code byte[]} files). */
    TestEngine.Res multipart(String path, List<Map.Entry<String, Object>> parts, Map<String, String> fileNames) {
        String boundary = "----sandbench" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> p : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                    .append(p.getKey()).append('"');
            if (p.getValue() instanceof byte[]) {
                head.append("; filename=\"").append(fileNames.get(p.getKey())).append("\"\r\nContent-Type: application/octet-stream");
            }
            head.append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.getValue() instanceof byte[] b ? b : p.getValue().toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", path, out.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    TestEngine.Res send(String method, String path, byte[] body, String contentType) {
        HttpResponse<String> r = raw(method, path, body, contentType, HttpResponse.BodyHandlers.ofString());
        return new TestEngine.Res(r.statusCode(), r.body(), r);
    }

    HttpResponse<byte[]> bytes(String path) {
        return raw("GET", path, null, null, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The response as lines while they arrive (Server-Sent Events). */
    HttpResponse<java.util.stream.Stream<String>> lines(String path, Object json) {
        try {
            byte[] body = TestEngine.JSON.writeValueAsBytes(json);
            return raw("POST", path, body, "application/json", HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private <T> HttpResponse<T> raw(String method, String path, byte[] body, String contentType,
                                    HttpResponse.BodyHandler<T> handler) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
            headers.forEach(b::header);
            if (contentType != null) b.setHeader("Content-Type", contentType);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            return HTTP.send(b.build(), handler);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
