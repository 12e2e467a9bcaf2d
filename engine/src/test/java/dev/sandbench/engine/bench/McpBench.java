package dev.sandbench.engine.bench;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A trivial tool call ({@code run_command "true"}) over both MCP transports, against the REST
 * exec of the same command: what MCP costs on top of the operation.
 */
public final class McpBench {
    record Result(EngineBench.Stats rest, EngineBench.Stats http, EngineBench.Stats sdk, EngineBench.Stats ws) {}

    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"run_command\",\"arguments\":{\"command\":\"true\"}}}";

    private McpBench() {}

    /** Standalone: {@code exec:java -Dexec.mainClass=dev.sandbench.engine.bench.McpBench} after packaging. */
    public static void main(String[] args) throws Exception {
        try (EngineBench.ExternalEngine engine = EngineBench.ExternalEngine.start()) {
            Result r = run(engine, Integer.getInteger("bench.calls", 300));
            System.out.print(EngineBench.mcpSection(r));
        }
    }

    static Result run(EngineBench.ExternalEngine engine, int n) throws Exception {
        String id = engine.client().createSandbox();
        String url = engine.url() + "/v1/sandboxes/" + id + "/mcp";
        EngineBench.Plain plain = new EngineBench.Plain(engine.url(), engine.key());
        String session = initialize(url, engine.key());
        McpSyncClient sdk = McpClient.sync(HttpClientStreamableHttpTransport.builder(engine.url())
                .endpoint("/v1/sandboxes/" + id + "/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + engine.key())).build())
                .requestTimeout(Duration.ofSeconds(60)).build();
        sdk.initialize();
        Ws ws = new Ws();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + engine.key()).subprotocols("mcp")
                .buildAsync(URI.create(url.replaceFirst("^http", "ws")), ws).get(10, TimeUnit.SECONDS);
        McpSchema.CallToolRequest trivial = McpSchema.CallToolRequest.builder("run_command")
                .arguments(Map.of("command", "true")).build();
        int id0 = 1000;
        for (int i = 0; i < 100; i++) {
            plain.call("POST", "/v1/sandboxes/" + id + "/exec", "{\"command\":\"true\"}");
            post(url, engine.key(), session, CALL.formatted(id0++));
            sdk.callTool(trivial);
            ws.call(socket, CALL.formatted(id0++));
        }
        EngineBench.Stats rest = new EngineBench.Stats();
        EngineBench.Stats http = new EngineBench.Stats();
        EngineBench.Stats viaSdk = new EngineBench.Stats();
        EngineBench.Stats viaWs = new EngineBench.Stats();
        // Interleaved, so all four see the same machine.
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            plain.call("POST", "/v1/sandboxes/" + id + "/exec", "{\"command\":\"true\"}");
            rest.add(System.nanoTime() - t);
            t = System.nanoTime();
            post(url, engine.key(), session, CALL.formatted(id0++));
            http.add(System.nanoTime() - t);
            t = System.nanoTime();
            sdk.callTool(trivial);
            viaSdk.add(System.nanoTime() - t);
            t = System.nanoTime();
            ws.call(socket, CALL.formatted(id0++));
            viaWs.add(System.nanoTime() - t);
        }
        sdk.close();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        return new Result(rest, http, viaSdk, viaWs);
    }

    private static String initialize(String url, String key) throws IOException {
        HttpURLConnection c = open(url, key, null);
        c.getOutputStream().write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}")
                .getBytes(StandardCharsets.UTF_8));
        c.getInputStream().readAllBytes();
        return c.getHeaderField("Mcp-Session-Id");
    }

    /** One POST with a blocking keep-alive connection, reading the event stream to its end. */
    private static void post(String url, String key, String session, String body) throws IOException {
        HttpURLConnection c = open(url, key, session);
        c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        if (c.getResponseCode() != 200) throw new IOException("tools/call -> " + c.getResponseCode());
        String answer = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!answer.contains("exit code 0")) throw new IOException("unexpected answer: " + answer);
    }

    private static HttpURLConnection open(String url, String key, String session) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Authorization", "Bearer " + key);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Accept", "application/json, text/event-stream");
        if (session != null) c.setRequestProperty("Mcp-Session-Id", session);
        return c;
    }

    /** Waits for each answer before the next call, as an agent does. */
    private static final class Ws implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        void call(WebSocket socket, String message) throws Exception {
            socket.sendText(message, true).join();
            String a = answers.poll(60, TimeUnit.SECONDS);
            if (a == null || !a.contains("exit code 0")) throw new IOException("unexpected answer: " + a);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                answers.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
