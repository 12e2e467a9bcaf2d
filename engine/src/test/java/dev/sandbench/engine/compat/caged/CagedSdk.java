package dev.sandbench.engine.compat.caged;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine as Caged's Python SDK 0.2.0 ({@code caged/client.py}, httpx) calls it: every request
 * carries the bearer key, {@code Content-Type: application/json} (even a GET or a POST without a
 * body) and the SDK's user agent; WebSockets carry the key as {@code ?token=} and offer the
 * subprotocol {@code mcp}. The key sets are the SDK's dataclasses ({@code caged/types.py},
 * {@code caged/mcp.py}): a strict model is built with {@code Model(**answer)} and fails on any
 * key it lacks a field for; a filtered one drops unknown keys but needs its fields without defaults.
 */
final class CagedSdk {
    static final String USER_AGENT = "caged-python/0.2.0";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // Strict models: the answer's keys must be exactly these.
    static final Set<String> LOG_ENTRY = Set.of("timestamp", "type", "message");
    static final Set<String> PORT = Set.of("port", "protocol", "state", "url");
    static final Set<String> TRUST_SCORE = Set.of("session_id", "sandbox_id", "score", "factors", "updated_at");
    static final Set<String> FILE_ENTRY = Set.of("name", "path", "type", "size", "modified");
    static final Set<String> INGEST_RESPONSE = Set.of("accepted", "errors");
    static final Set<String> API_KEY = Set.of("id", "name", "prefix", "created_at", "last_used_at");
    static final Set<String> SESSION = Set.of("id", "user_agent", "ip_address", "created_at", "last_active_at");
    static final Set<String> MCP_TOOL = Set.of("name", "description", "inputSchema");
    static final Set<String> MCP_RESOURCE = Set.of("uri", "name", "description", "mimeType");
    static final Set<String> MCP_PROMPT = Set.of("name", "description", "arguments");

    // Filtered models: the fields without a default, which the answer must have.
    static final Set<String> SANDBOX = Set.of("id", "status", "template", "cpus", "memory_mb", "disk_gb", "network_mode",
            "created_at");
    static final Set<String> SNAPSHOT = Set.of("id", "sandbox_id", "account_id", "name", "trigger", "status", "created_at");
    static final Set<String> AGENT_SESSION = Set.of("id", "sandbox_id", "status", "tokens_in", "tokens_out", "cost_usd",
            "event_count", "started_at");
    static final Set<String> REPLAY_EVENT = Set.of("id", "session_id", "type", "timestamp");
    static final Set<String> REPLAY_SUMMARY = Set.of("session_id", "total_events", "duration_ms", "tokens_in",
            "tokens_out", "cost_usd");
    static final Set<String> ALERT = Set.of("id", "type", "severity", "message", "resolved", "created_at");
    static final Set<String> ALERT_RULE = Set.of("id", "type", "enabled");
    static final Set<String> NOTIFICATION = Set.of("id", "type", "title", "body", "read", "created_at");
    static final Set<String> SUBSCRIPTION = Set.of("plan", "status");
    /** NotificationConfig has defaults for every field: the SDK shows its defaults for any name it does not find. */
    static final Set<String> NOTIFICATION_CONFIG = Set.of("email_enabled", "slack_enabled", "slack_webhook_url",
            "discord_enabled", "discord_webhook_url", "channels");

    private final TestEngine engine;

    CagedSdk(TestEngine engine) {
        this.engine = engine;
    }

    /** A call as {@code Caged._request} makes it; {@code body} null sends no body (still with the JSON content type). */
    TestEngine.Res call(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(engine.url() + "/v1" + path))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + engine.adminKey())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(TestEngine.JSON.writeValueAsString(body)));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new TestEngine.Res(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    TestEngine.Res get(String path) {
        return call("GET", path, null);
    }

    /** httpx's {@code params=}: the value URL-encoded. */
    static String query(String name, String value) {
        return "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A successful answer's JSON; fails with the answer when the status is not {@code status}. */
    static JsonNode ok(TestEngine.Res r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r.json();
    }

    static Set<String> keys(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** For a strict model: exactly its fields (a field the engine adds must fail this). */
    static void assertStrict(JsonNode object, Set<String> model) {
        assertThat(object.isObject()).as(String.valueOf(object)).isTrue();
        assertThat(keys(object)).as(object.toString()).isEqualTo(new TreeSet<>(model));
    }

    /** For a strict model whose optional fields the engine may leave out: no key the model lacks, and the required ones. */
    static void assertStrictSubset(JsonNode object, Set<String> model, Set<String> required) {
        assertThat(model).containsAll(keys(object));
        assertThat(keys(object)).as(object.toString()).containsAll(required);
    }

    /** For a filtered model: its fields without defaults are all there. */
    static void assertFiltered(JsonNode object, Set<String> required) {
        assertThat(keys(object)).as(object.toString()).containsAll(required);
    }

    /** A failure as the SDK sees it: the status, problem+json, and the message it shows ({@code error}). */
    static JsonNode assertProblem(TestEngine.Res r, int status, String detailContains) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).contains(detailContains);
        assertThat(p.get("error").asText()).as("CagedAPIError's message").isEqualTo(p.get("detail").asText());
        return p;
    }

    /** A WebSocket as {@code websockets.connect(url + "?token=KEY", subprotocols=["mcp"])} opens it. */
    Socket socket(String pathAndQuery) throws Exception {
        String url = engine.url().replaceFirst("^http", "ws") + "/v1" + pathAndQuery
                + (pathAndQuery.contains("?") ? "&" : "?") + "token=" + engine.adminKey();
        Socket s = new Socket();
        s.ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mcp")
                .buildAsync(URI.create(url), s).get(10, TimeUnit.SECONDS);
        return s;
    }

    /** Text frames as they arrive, each parsed as JSON. */
    static final class Socket implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        void send(Object message) throws IOException {
            ws.sendText(TestEngine.JSON.writeValueAsString(message), true).join();
        }

        JsonNode next() throws InterruptedException {
            JsonNode f = frames.poll(30, TimeUnit.SECONDS);
            assertThat(f).as("a frame within 30 s").isNotNull();
            return f;
        }

        /** Frames until one of {@code type} (terminal frames), which is returned last. */
        List<JsonNode> until(String type) throws InterruptedException {
            List<JsonNode> seen = new ArrayList<>();
            JsonNode f;
            do {
                f = next();
                seen.add(f);
            } while (!type.equals(f.path("type").asText()));
            return seen;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(TestEngine.JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
