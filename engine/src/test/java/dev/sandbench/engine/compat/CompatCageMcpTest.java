package dev.sandbench.engine.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CAGE's MCP socket with its SDK's framing: the SDK takes the next frame as the answer to what it
 * just sent, so every request gets exactly one answer, in order, and nothing comes unasked.
 */
class CompatCageMcpTest {
    private static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine(c -> c.withDev(true));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** A socket as the SDK opens it: no subprotocol, no headers. */
    static final class Socket implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final WebSocket ws;
        private final StringBuilder partial = new StringBuilder();
        private int id;

        Socket(String url) {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(TestEngine.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    frames.add(TestEngine.JSON.createObjectNode().put("unparseable", partial.toString()));
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        /** Sends a request (as the SDK builds it) and returns its id. */
        int send(String method, Object params) {
            id++;
            Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("jsonrpc", "2.0", "id", id, "method", method));
            if (params != null) m.put("params", params);
            raw(write(m));
            return id;
        }

        void raw(String text) {
            ws.sendText(text, true).join();
        }

        JsonNode next() throws InterruptedException {
            JsonNode f = frames.poll(60, TimeUnit.SECONDS);
            assertThat(f).as("an answer").isNotNull();
            return f;
        }

        JsonNode call(String method, Object params) throws InterruptedException {
            int sent = send(method, params);
            JsonNode r = next();
            assertThat(r.get("id").asInt()).isEqualTo(sent);
            return r;
        }

        private static String write(Object o) {
            try {
                return TestEngine.JSON.writeValueAsString(o);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }

    private static String url() {
        return engine.url().replace("http://", "ws://") + "/mcp";
    }

    @Test
    void theReadmeSessionWorksWithOneAnswerPerRequestInOrder() throws Exception {
        try (Socket s = new Socket(url())) {
            // The SDK's initialize: user_id and clientInfo, no protocolVersion, never an 'initialized' notification.
            JsonNode init = s.call("initialize", Map.of("user_id", "demo", "clientInfo",
                    Map.of("name", "CAGE Python SDK", "version", "1.0.0")));
            assertThat(init.get("result").get("protocolVersion").asText()).isEqualTo("2024-11-05");
            assertThat(init.get("result").has("capabilities")).isTrue();
            JsonNode tools = s.call("tools/list", null).get("result").get("tools");
            assertThat(tools.findValuesAsText("name")).contains("execute_code", "list_files", "upload_file");

            JsonNode hello = s.call("tools/call", Map.of("name", "execute_code", "arguments", Map.of("code",
                    "print('Hello MCP!')", "language", "python", "persistent", false, "timeout_seconds", 30))).get("result");
            assertThat(hello.get("content").get(0).get("text").asText()).isEqualTo("Hello MCP!\n");
            assertThat(hello.get("isError").asBoolean()).isFalse();

            // Pipelined: three requests sent before reading; the answers come back one each, in order.
            List<Integer> ids = new ArrayList<>();
            ids.add(s.send("tools/call", Map.of("name", "execute_code", "arguments", Map.of("code", "x = 100",
                    "language", "python", "persistent", true, "timeout_seconds", 30))));
            ids.add(s.send("tools/call", Map.of("name", "execute_code", "arguments", Map.of("code", "import time; "
                    + "time.sleep(0.3); print(x)", "language", "python", "persistent", true, "timeout_seconds", 30))));
            ids.add(s.send("ping", null));
            List<JsonNode> answers = List.of(s.next(), s.next(), s.next());
            assertThat(answers).extracting(a -> a.get("id").asInt()).containsExactlyElementsOf(ids);
            assertThat(answers.get(1).get("result").get("content").get(0).get("text").asText()).isEqualTo("100\n");

            String up = Base64.getEncoder().encodeToString("a,b\n".getBytes());
            JsonNode uploaded = s.call("tools/call", Map.of("name", "upload_file", "arguments",
                    Map.of("filename", "t.csv", "content", up))).get("result");
            assertThat(uploaded.get("content").get(0).get("text").asText()).startsWith("File uploaded: t.csv");
            // list_files answers JSON text, which the SDK json.loads.
            JsonNode listed = TestEngine.JSON.readTree(s.call("tools/call", Map.of("name", "list_files", "arguments",
                    Map.of("path", "/"))).get("result").get("content").get(0).get("text").asText());
            assertThat(listed.get("files").findValuesAsText("name")).contains("t.csv");

            // Errors are answers too, and a notification gets none: the next frame answers the next request.
            assertThat(s.call("tools/call", Map.of("name", "no_such_tool", "arguments", Map.of())).has("error")).isTrue();
            assertThat(s.call("resources/read", Map.of()).get("error").get("code").asInt()).isEqualTo(-32601);
            s.raw("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            s.raw("not json");
            assertThat(s.next().get("error").get("code").asInt()).isEqualTo(-32700);
            assertThat(s.call("ping", null).has("result")).isTrue();
            assertThat(s.frames.poll(500, TimeUnit.MILLISECONDS)).as("nothing unasked").isNull();
        }
        // The MCP user 'demo' is the same CAGE user as the REST key dev_demo: one sandbox, one set of files.
        JsonNode rest = CompatHttp.cage(engine, "dev_demo").get("/api/v1/files?path=%2F").json();
        assertThat(rest.get("files").findValuesAsText("name")).contains("t.csv");
        JsonNode sandboxes = engine.client().get("/v1/sandboxes").json();
        assertThat(sandboxes.findValuesAsText("name")).containsOnlyOnce("cage:demo");
    }

    @Test
    void toolsNeedAUserAndBadArgumentsAreJsonRpcErrors() throws Exception {
        try (Socket s = new Socket(url())) {
            assertThat(s.call("tools/call", Map.of("name", "execute_code", "arguments", Map.of("code", "1")))
                    .get("error").get("code").asInt()).isEqualTo(-32001);
            s.call("initialize", Map.of("user_id", "args"));
            JsonNode bad = s.call("tools/call", Map.of("name", "execute_code", "arguments", Map.of("code", 5)));
            assertThat(bad.get("error").get("code").asInt()).isEqualTo(-32602);
        }
    }

    @Test
    void withoutDevelopmentModeTheSocketNeedsAnEngineKey() throws Exception {
        try (TestEngine plain = new TestEngine()) {
            String base = plain.url().replace("http://", "ws://") + "/mcp";
            assertThatThrownBy(() -> new Socket(base)).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                            .isEqualTo(401));
            try (Socket s = new Socket(base + "?token=" + plain.adminKey())) {
                s.call("initialize", Map.of("user_id", "ignored-with-a-key"));
                JsonNode r = s.call("tools/call", Map.of("name", "execute_code", "arguments", Map.of("code",
                        "print(6*7)"))).get("result");
                assertThat(r.get("content").get(0).get("text").asText()).isEqualTo("42\n");
            }
            // With a key the user is the key's account, shared with the REST API under the same key.
            assertThat(plain.client().get("/v1/sandboxes").json().findValuesAsText("name")).containsExactly("cage:acc_admin");
        }
    }
}
