package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every sandbox is an MCP server: the official MCP Java SDK client over Streamable HTTP and a
 * plain JSON-RPC client over the WebSocket both reach the same tools, resources and prompts.
 */
class McpTest {
    static final List<String> TOOLS = List.of("run_command", "terminal_exec", "run_code", "read_file", "write_file",
            "list_directory", "search_files", "delete_path", "git_status", "git_diff", "git_log", "git_commit", "create_snapshot",
            "list_snapshots", "restore_snapshot");
    static TestEngine engine;
    static TestEngine.Client api;
    static String id;
    static String mcpUrl;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        api = engine.client();
        JsonNode box = api.post("/v1/sandboxes", Map.of()).json();
        id = box.get("id").asText();
        mcpUrl = box.get("mcp_url").asText();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** The SDK's own client, configured the way any MCP client is: a URL and an Authorization header. */
    static McpSyncClient sdkClient(String url, String key) {
        URI u = URI.create(url);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(u.getScheme() + "://" + u.getRawAuthority())
                .endpoint(u.getRawPath())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120))
                .clientInfo(McpSchema.Implementation.builder("sandbench-test", "1").build()).build();
        client.initialize();
        return client;
    }

    static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
    }

    static McpSchema.ReadResourceRequest resource(String uri) {
        return McpSchema.ReadResourceRequest.builder(uri).build();
    }

    static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    /** Calls a tool that must succeed and returns its text. */
    static String ok(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = call(c, tool, args);
        assertThat(r.isError()).as(tool + " " + args + " -> " + text(r)).isFalse();
        return text(r);
    }

    @Test
    void theSandboxJsonCarriesItsMcpUrl() {
        assertThat(mcpUrl).isEqualTo(engine.url() + "/v1/sandboxes/" + id + "/mcp");
        assertThat(api.get("/v1/sandboxes/" + id).json().get("mcp_url").asText()).isEqualTo(mcpUrl);
    }

    @Test
    void theSdkClientInitializesAndListsEveryToolWithItsSchema() {
        try (McpSyncClient c = sdkClient(mcpUrl, engine.adminKey())) {
            assertThat(c.getServerInfo().name()).isEqualTo("sandbench");
            assertThat(c.getServerCapabilities().tools()).isNotNull();
            List<McpSchema.Tool> tools = c.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyElementsOf(TOOLS);
            for (McpSchema.Tool t : tools) {
                assertThat(t.description()).as(t.name()).hasSizeGreaterThan(40);
                assertThat(t.inputSchema().get("type")).isEqualTo("object");
            }
            McpSchema.Tool read = tools.stream().filter(t -> t.name().equals("read_file")).findFirst().orElseThrow();
            assertThat(read.inputSchema().get("required")).isEqualTo(List.of("path"));
            assertThat(c.ping()).isNotNull();
        }
    }

    @Test
    void theSdkClientRunsCommandsAndCode() {
        try (McpSyncClient c = sdkClient(mcpUrl, engine.adminKey())) {
            String out = ok(c, "run_command", Map.of("command", "echo hello $((6*7)); exit 3"));
            assertThat(out).contains("hello 42").contains("[exit code 3");
            assertThat(ok(c, "run_command", Map.of("command", "pwd", "cwd", "/tmp"))).startsWith("/tmp\n");
            McpSchema.CallToolResult slow = call(c, "run_command", Map.of("command", "sleep 5", "timeout_ms", 300));
            assertThat(slow.isError()).isTrue();
            assertThat(text(slow)).contains("timeout");
            ok(c, "run_command", Map.of("command", "cd /tmp && export GREETING=hi", "shell_session", "s1"));
            assertThat(ok(c, "run_command", Map.of("command", "echo $PWD $GREETING", "shell_session", "s1")))
                    .startsWith("/tmp hi");

            assertThat(ok(c, "run_code", Map.of("language", "bash", "code", "echo from-bash"))).startsWith("from-bash");
            ok(c, "run_code", Map.of("language", "python", "code", "x = 20", "persistent", true));
            assertThat(ok(c, "run_code", Map.of("language", "python", "code", "print(x + 22)", "persistent", true)))
                    .startsWith("42").contains("persistent");
        }
    }

    @Test
    void theSdkClientReadsWritesListsSearchesAndDeletesFiles() {
        try (McpSyncClient c = sdkClient(mcpUrl, engine.adminKey())) {
            StringBuilder lines = new StringBuilder();
            for (int i = 1; i <= 50; i++) lines.append("line ").append(i).append('\n');
            assertThat(ok(c, "write_file", Map.of("path", "files/notes.txt", "content", lines.toString())))
                    .contains("/workspace/files/notes.txt");
            assertThat(ok(c, "read_file", Map.of("path", "/workspace/files/notes.txt"))).isEqualTo(lines.toString());
            assertThat(ok(c, "read_file", Map.of("path", "files/notes.txt", "start_line", 10, "end_line", 12)))
                    .startsWith("line 10\nline 11\nline 12\n").contains("continues after line 12");
            assertThat(ok(c, "read_file", Map.of("path", "files/notes.txt", "max_bytes", 20)))
                    .startsWith("line 1\nline 2\n").contains("continue with start_line=3");
            ok(c, "write_file", Map.of("path", "files/src/Main.java", "content", "class Main { int answer = 42; }\n"));

            String listing = ok(c, "list_directory", Map.of("path", "files"));
            assertThat(listing).contains("notes.txt").contains("src/");
            assertThat(ok(c, "search_files", Map.of("pattern", "answer = [0-9]+", "path", "files")))
                    .contains("/workspace/files/src/Main.java:1:class Main { int answer = 42; }");
            assertThat(ok(c, "search_files", Map.of("name", "*.java"))).contains("/workspace/files/src/Main.java");
            assertThat(ok(c, "search_files", Map.of("pattern", "LINE 7$", "case_insensitive", true, "name", "*.txt")))
                    .contains("notes.txt:7:line 7");
            assertThat(ok(c, "search_files", Map.of("pattern", "no such text anywhere"))).isEqualTo("no matches");

            McpSchema.CallToolResult notEmpty = call(c, "delete_path", Map.of("path", "files/src"));
            assertThat(notEmpty.isError()).isTrue();
            ok(c, "delete_path", Map.of("path", "files/src", "recursive", true));
            assertThat(ok(c, "list_directory", Map.of("path", "files"))).doesNotContain("src/");
        }
    }

    @Test
    void theSdkClientUsesGitAndSnapshots() {
        try (McpSyncClient c = sdkClient(mcpUrl, engine.adminKey())) {
            ok(c, "run_command", Map.of("command", "mkdir -p /workspace/repo"));
            McpSchema.CallToolResult notRepo = call(c, "git_status", Map.of("repo", "repo"));
            assertThat(notRepo.isError()).isTrue();
            assertThat(text(notRepo)).contains("not a git repository");
            ok(c, "run_command", Map.of("command", "git init -q -b main", "cwd", "/workspace/repo"));
            assertThat(ok(c, "git_log", Map.of("repo", "repo"))).isEqualTo("no commits yet");
            ok(c, "write_file", Map.of("path", "repo/app.py", "content", "print('v1')\n"));
            assertThat(ok(c, "git_status", Map.of("repo", "repo"))).contains("?? app.py");
            assertThat(ok(c, "git_commit", Map.of("repo", "repo", "message", "Add the app"))).contains("Add the app");
            assertThat(ok(c, "git_log", Map.of("repo", "repo", "max_count", 5))).contains(": Add the app");
            assertThat(ok(c, "git_diff", Map.of("repo", "repo"))).isEqualTo("no changes");
            ok(c, "write_file", Map.of("path", "repo/app.py", "content", "print('v2')\n"));
            assertThat(ok(c, "git_diff", Map.of("repo", "repo", "path", "repo/app.py")))
                    .contains("-print('v1')").contains("+print('v2')");
            assertThat(ok(c, "git_commit", Map.of("repo", "repo", "message", "v2", "add_all", false)))
                    .startsWith("nothing to commit");

            String taken = ok(c, "create_snapshot", Map.of("name", "before-v3"));
            String snapshotId = taken.split(" ")[1];
            assertThat(snapshotId).startsWith("snap_");
            assertThat(ok(c, "list_snapshots", Map.of())).contains(snapshotId).contains("before-v3");
            ok(c, "write_file", Map.of("path", "repo/app.py", "content", "print('v3')\n"));
            ok(c, "write_file", Map.of("path", "repo/new.txt", "content", "new\n"));
            assertThat(ok(c, "restore_snapshot", Map.of("snapshot_id", snapshotId))).contains(snapshotId);
            assertThat(ok(c, "read_file", Map.of("path", "repo/app.py"))).isEqualTo("print('v2')\n");
            assertThat(call(c, "read_file", Map.of("path", "repo/new.txt")).isError()).isTrue();
        }
    }

    @Test
    void resourcesAndPromptsOverStreamableHttp() {
        try (McpSyncClient c = sdkClient(mcpUrl, engine.adminKey())) {
            ok(c, "write_file", Map.of("path", "docs/README.md", "content", "# Hello\n"));
            List<McpSchema.Resource> resources = c.listResources().resources();
            assertThat(resources).extracting(McpSchema.Resource::uri)
                    .contains("sandbox://info", "file:///workspace/docs/README.md");
            McpSchema.ReadResourceResult file = c.readResource(resource("file:///workspace/docs/README.md"));
            assertThat(((McpSchema.TextResourceContents) file.contents().get(0)).text()).isEqualTo("# Hello\n");
            McpSchema.ReadResourceResult info = c.readResource(resource("sandbox://info"));
            assertThat(((McpSchema.TextResourceContents) info.contents().get(0)).text()).contains(id);
            assertThat(c.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                    .containsExactly("file:///{path}");
            assertThatThrownBy(() -> c.readResource(resource("file:///workspace/nope.txt")))
                    .isInstanceOf(McpError.class);

            assertThat(c.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
                    .containsExactly("get_started", "fix_failing_tests");
            McpSchema.GetPromptResult p = c.getPrompt(McpSchema.GetPromptRequest.builder("fix_failing_tests")
                    .arguments(Map.of("test_command", "pytest -q")).build());
            assertThat(((McpSchema.TextContent) p.messages().get(0).content()).text()).contains("pytest -q");
            assertThatThrownBy(() -> c.getPrompt(McpSchema.GetPromptRequest.builder("fix_failing_tests").build()))
                    .isInstanceOf(McpError.class).hasMessageContaining("test_command");
        }
    }

    @Test
    void badCallsAreMcpErrorsAndTheSessionCarriesOn() {
        try (McpSyncClient c = sdkClient(mcpUrl, engine.adminKey())) {
            assertThatThrownBy(() -> call(c, "format_disk", Map.of()))
                    .isInstanceOfSatisfying(McpError.class, e -> {
                        assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
                        assertThat(e.getMessage()).contains("unknown tool 'format_disk'").contains("run_command");
                    });
            assertThatThrownBy(() -> call(c, "run_command", Map.of("command", "true", "timeout_ms", "soon")))
                    .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getMessage())
                            .contains("'timeout_ms'").contains("must be an integer"));
            assertThatThrownBy(() -> call(c, "read_file", Map.of()))
                    .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getMessage()).contains("'path'"));
            assertThatThrownBy(() -> call(c, "read_file", Map.of("path", "a", "line", 3)))
                    .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getMessage()).contains("no argument 'line'"));
            // Paths outside the sandbox: error results the model reads, not crashes.
            for (Map<String, Object> args : List.<Map<String, Object>>of(Map.of("path", "../../etc/passwd"),
                    Map.of("path", "/proc/self/environ"), Map.of("path", "/root/.ssh/id_rsa"))) {
                McpSchema.CallToolResult r = call(c, "read_file", args);
                assertThat(r.isError()).as(args.toString()).isTrue();
                assertThat(text(r)).as(args.toString()).containsAnyOf("'..'", "outside");
            }
            McpSchema.CallToolResult usr = call(c, "write_file", Map.of("path", "/usr/bin/evil", "content", "x"));
            assertThat(usr.isError()).isTrue();
            assertThat(text(usr)).contains("outside the sandbox's writable area");
            McpSchema.CallToolResult foreign = call(c, "restore_snapshot", Map.of("snapshot_id", "snap_nope"));
            assertThat(foreign.isError()).isTrue();
            assertThat(text(foreign)).contains("does not exist");
            // The session is fine afterwards.
            assertThat(ok(c, "run_command", Map.of("command", "echo still-here"))).startsWith("still-here");
        }
    }

    @Test
    void keysAndOwnershipAreCheckedBeforeTheSdkSeesARequest() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        HttpResponse<String> noKey = http.send(post(mcpUrl, null, init), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(noKey.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(http.send(post(mcpUrl, "sk_wrong", init), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        JsonNode other = api.post("/v1/admin/accounts", Map.of("name", "mcp-other")).json();
        String otherKey = other.get("key").get("key").asText();
        HttpResponse<String> foreign = http.send(post(mcpUrl, otherKey, init), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).contains("does not exist");
        assertThatThrownBy(() -> WsRpc.open(mcpUrl, otherKey)).cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> assertThat(e.getResponse().statusCode()).isEqualTo(404));

        // A session opened at one sandbox is no good at another, even with the same key.
        HttpResponse<String> ok = http.send(post(mcpUrl, engine.adminKey(), init), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        String session = ok.headers().firstValue("Mcp-Session-Id").orElseThrow();
        String otherBox = api.createSandbox();
        HttpResponse<String> moved = http.send(HttpRequest.newBuilder(URI.create(engine.url() + "/v1/sandboxes/" + otherBox + "/mcp"))
                .header("Authorization", "Bearer " + engine.adminKey()).header("Mcp-Session-Id", session)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(moved.statusCode()).isEqualTo(404);
        api.delete("/v1/sandboxes/" + otherBox);

        // A plain GET says how to connect.
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(mcpUrl))
                .header("Authorization", "Bearer " + engine.adminKey()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(426);
    }

    private static HttpRequest post(String url, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) b.header("Authorization", "Bearer " + key);
        return b.build();
    }

    @Test
    void theWebSocketSpeaksJsonRpc() throws Exception {
        try (WsRpc ws = WsRpc.open(mcpUrl, engine.adminKey())) {
            assertThat(ws.ws.getSubprotocol()).isEqualTo("mcp");
            JsonNode init = ws.call("initialize", Map.of("protocolVersion", "2024-11-05", "capabilities", Map.of(),
                    "clientInfo", Map.of("name", "ws-test", "version", "1")));
            assertThat(init.at("/result/protocolVersion").asText()).isEqualTo("2024-11-05");
            assertThat(init.at("/result/serverInfo/name").asText()).isEqualTo("sandbench");
            ws.notify("notifications/initialized");

            JsonNode tools = ws.call("tools/list", Map.of());
            List<String> names = new ArrayList<>();
            tools.at("/result/tools").forEach(t -> names.add(t.get("name").asText()));
            assertThat(names).containsExactlyElementsOf(TOOLS);

            JsonNode run = ws.call("tools/call", Map.of("name", "run_command", "arguments", Map.of("command", "echo ws-ok")));
            assertThat(run.at("/result/content/0/type").asText()).isEqualTo("text");
            assertThat(run.at("/result/content/0/text").asText()).startsWith("ws-ok\n[exit code 0");
            assertThat(run.at("/result/isError").asBoolean()).isFalse();
            ws.call("tools/call", Map.of("name", "write_file", "arguments", Map.of("path", "ws.txt", "content", "over ws\n")));
            assertThat(ws.call("tools/call", Map.of("name", "read_file", "arguments", Map.of("path", "ws.txt")))
                    .at("/result/content/0/text").asText()).isEqualTo("over ws\n");

            // Whole files travel in one message: larger than Jetty's default 64 KiB text frame limit.
            String big = "x".repeat(300_000) + "\n";
            assertThat(ws.call("tools/call", Map.of("name", "write_file", "arguments", Map.of("path", "big.txt", "content", big)))
                    .at("/result/content/0/text").asText()).isEqualTo("wrote 300001 bytes to /workspace/big.txt");
            assertThat(ws.call("tools/call", Map.of("name", "read_file", "arguments", Map.of("path", "big.txt",
                    "max_bytes", 1_000_000))).at("/result/content/0/text").asText()).isEqualTo(big);
            assertThat(ws.call("resources/list", Map.of()).at("/result/resources").toString()).contains("file:///workspace/ws.txt");
            assertThat(ws.call("resources/read", Map.of("uri", "file:///workspace/ws.txt")).at("/result/contents/0/text").asText())
                    .isEqualTo("over ws\n");
            assertThat(ws.call("prompts/list", Map.of()).at("/result/prompts/0/name").asText()).isEqualTo("get_started");
            assertThat(ws.call("prompts/get", Map.of("name", "get_started", "arguments", Map.of("task", "add tests")))
                    .at("/result/messages/0/content/text").asText()).contains("add tests");
            assertThat(ws.call("ping", null).get("result").isObject()).isTrue();

            // Errors are JSON-RPC errors; the socket stays open.
            assertThat(ws.call("tools/call", Map.of("name", "nope")).at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(ws.call("tools/call", Map.of("name", "run_command", "arguments", Map.of("command", 42)))
                    .at("/error/message").asText()).contains("must be a string");
            JsonNode outside = ws.call("tools/call", Map.of("name", "write_file", "arguments", Map.of("path", "/etc/x", "content", "")));
            assertThat(outside.at("/result/isError").asBoolean()).isTrue();
            assertThat(ws.call("sampling/createMessage", Map.of()).at("/error/code").asInt()).isEqualTo(-32601);
            ws.ws.sendText("{not json", true).join();
            assertThat(ws.next().at("/error/code").asInt()).isEqualTo(-32700);
            ws.ws.sendText("[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"},"
                    + "{\"jsonrpc\":\"1.0\",\"id\":\"b\",\"method\":\"ping\"}]", true).join();
            JsonNode batch = ws.next();
            assertThat(batch.isArray()).isTrue();
            assertThat(batch.size()).isEqualTo(2);
            assertThat(batch.get(1).at("/error/code").asInt()).isEqualTo(-32600);
            assertThat(ws.call("tools/call", Map.of("name", "run_command", "arguments", Map.of("command", "echo alive")))
                    .at("/result/content/0/text").asText()).startsWith("alive");
        }
    }

    @Test
    void everyMcpCallIsRecordedInTheSandboxSession() throws Exception {
        String box = api.createSandbox();
        String url = engine.url() + "/v1/sandboxes/" + box + "/mcp";
        try (McpSyncClient c = sdkClient(url, engine.adminKey())) {
            ok(c, "run_command", Map.of("command", "echo recorded"));
            ok(c, "write_file", Map.of("path", "r.txt", "content", "one\n"));
            assertThatThrownBy(() -> call(c, "nope", Map.of())).isInstanceOf(McpError.class);
            c.readResource(resource("file:///workspace/r.txt"));
        }
        try (WsRpc ws = WsRpc.open(url, engine.adminKey())) {
            ws.call("tools/call", Map.of("name", "list_directory", "arguments", Map.of()));
        }
        JsonNode sessions = api.get("/v1/sandboxes/" + box + "/sessions").json();
        String sid = sessions.get(0).get("id").asText();
        JsonNode replay = api.get("/v1/sessions/" + sid + "/replay").json();
        List<JsonNode> toolCalls = new ArrayList<>();
        List<String> types = new ArrayList<>();
        replay.forEach(e -> {
            types.add(e.get("type").asText());
            if (e.get("type").asText().equals("tool_call")) toolCalls.add(e.get("data"));
        });
        assertThat(toolCalls).extracting(d -> d.get("name").asText())
                .containsExactly("run_command", "write_file", "nope", "list_directory");
        JsonNode first = toolCalls.get(0);
        assertThat(first.at("/arguments/command").asText()).isEqualTo("echo recorded");
        assertThat(first.get("result").asText()).startsWith("recorded\n[exit code 0");
        assertThat(first.get("transport").asText()).isEqualTo("http");
        assertThat(toolCalls.get(2).get("error").asText()).contains("unknown tool");
        assertThat(toolCalls.get(3).get("transport").asText()).isEqualTo("websocket");
        // The operations underneath are recorded as they are for the REST API.
        assertThat(types).containsSubsequence("command", "tool_call", "file_write", "tool_call", "mcp_request");
        JsonNode summary = api.get("/v1/sessions/" + sid + "/replay/summary").json();
        assertThat(summary.get("tools_used").toString()).contains("run_command", "write_file");
        assertThat(summary.get("files_modified").toString()).contains("/workspace/r.txt");
        api.delete("/v1/sandboxes/" + box);
    }

    /** A plain JSON-RPC 2.0 client over a WebSocket (subprotocol mcp). */
    static final class WsRpc implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final AtomicInteger ids = new AtomicInteger();
        WebSocket ws;

        static WsRpc open(String httpUrl, String key) throws Exception {
            WsRpc r = new WsRpc();
            try {
                r.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + key)
                        .subprotocols("mcp").buildAsync(URI.create(httpUrl.replaceFirst("^http", "ws")), r)
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new CompletionException(e.getCause());
            }
            return r;
        }

        JsonNode call(String method, Object params) throws InterruptedException {
            int id = ids.incrementAndGet();
            ObjectNode m = TestEngine.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
            if (params != null) m.set("params", TestEngine.JSON.valueToTree(params));
            ws.sendText(m.toString(), true).join();
            JsonNode answer = next();
            assertThat(answer.get("id").asInt()).as(method).isEqualTo(id);
            return answer;
        }

        void notify(String method) {
            ws.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}", true).join();
        }

        JsonNode next() throws InterruptedException {
            JsonNode m = messages.poll(120, TimeUnit.SECONDS);
            if (m == null) throw new AssertionError("no answer within 120 s");
            return m;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(TestEngine.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    messages.add(TestEngine.JSON.createObjectNode().put("unparsable", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
