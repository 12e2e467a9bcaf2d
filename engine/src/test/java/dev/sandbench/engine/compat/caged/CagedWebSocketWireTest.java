package dev.sandbench.engine.compat.caged;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sandbench.engine.compat.caged.CagedSdk.assertStrict;
import static dev.sandbench.engine.compat.caged.CagedSdk.assertStrictSubset;
import static dev.sandbench.engine.compat.caged.CagedSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sandboxes.mcp} (caged/mcp.py), {@code sandboxes.terminal} and {@code sandboxes.exec_stream}. */
class CagedWebSocketWireTest {
    static TestEngine engine;
    static CagedSdk sdk;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        sdk = new CagedSdk(engine);
        id = ok(sdk.call("POST", "/sandboxes", Map.of("template", "node-20")), 201).get("id").asText();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** MCPClient: JSON-RPC requests with increasing ids, params always an object. */
    static final class Mcp implements AutoCloseable {
        final CagedSdk.Socket socket;
        int ids;

        Mcp(CagedSdk.Socket socket) {
            this.socket = socket;
        }

        JsonNode request(String method, Object params) throws Exception {
            int reqId = ++ids;
            socket.send(Map.of("jsonrpc", "2.0", "id", reqId, "method", method, "params", params));
            JsonNode answer = socket.next();
            assertThat(answer.get("id").asInt()).isEqualTo(reqId);
            return answer;
        }

        JsonNode result(String method, Object params) throws Exception {
            JsonNode answer = request(method, params);
            assertThat(answer.has("error")).as(answer.toString()).isFalse();
            return answer.get("result");
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** {@code await caged.sandboxes.mcp(id)}: connect, then initialize as the SDK does. */
    static Mcp connect(String protocolVersion) throws Exception {
        Mcp mcp = new Mcp(sdk.socket("/sandboxes/" + id + "/mcp"));
        assertThat(mcp.socket.ws.getSubprotocol()).isEqualTo("mcp");
        JsonNode init = mcp.result("initialize", Map.of("protocolVersion", protocolVersion, "capabilities", Map.of(),
                "clientInfo", Map.of("name", "caged-python", "version", "0.2.0")));
        assertThat(init.get("protocolVersion").asText()).isEqualTo(protocolVersion);
        return mcp;
    }

    @Test
    void toolsResourcesAndPromptsHaveOnlyTheFieldsTheSdksDataclassesAccept() throws Exception {
        try (Mcp mcp = connect("2024-11-05")) {
            JsonNode tools = mcp.result("tools/list", Map.of()).get("tools");
            assertThat(tools.size()).isGreaterThan(10);
            tools.forEach(t -> assertStrict(t, CagedSdk.MCP_TOOL));
            JsonNode resources = mcp.result("resources/list", Map.of()).get("resources");
            assertThat(resources.size()).isPositive();
            resources.forEach(r -> assertStrictSubset(r, CagedSdk.MCP_RESOURCE, Set.of("uri", "name")));
            JsonNode prompts = mcp.result("prompts/list", Map.of()).get("prompts");
            assertThat(prompts.size()).isPositive();
            prompts.forEach(p -> assertStrictSubset(p, CagedSdk.MCP_PROMPT, Set.of("name")));
            assertThat(mcp.result("resources/read", Map.of("uri", "sandbox://info")).at("/contents/0/text").asText())
                    .contains(id);
            assertThat(mcp.result("prompts/get", Map.of("name", "get_started", "arguments", Map.of("task", "x")))
                    .at("/messages/0/content/text").asText()).contains("Your task: x");
            assertThat(mcp.result("ping", Map.of()).isObject()).isTrue();
        }
    }

    @Test
    void aClientOfANewerVersionGetsTitlesAndAnnotations() throws Exception {
        try (Mcp mcp = connect("2025-06-18")) {
            JsonNode run = mcp.result("tools/list", Map.of()).get("tools").get(0);
            assertThat(run.get("title").asText()).isNotBlank();
            assertThat(run.get("annotations").isObject()).isTrue();
            assertThat(mcp.result("prompts/list", Map.of()).at("/prompts/0/title").asText()).isNotBlank();
        }
    }

    @Test
    void terminalExecRunsTheReadmesCommandAndIsRecordedLikeEveryToolCall() throws Exception {
        try (Mcp mcp = connect("2024-11-05")) {
            JsonNode tool = null;
            for (JsonNode t : mcp.result("tools/list", Map.of()).get("tools")) {
                if (t.get("name").asText().equals("terminal_exec")) tool = t;
            }
            assertThat(tool).as("terminal_exec is listed").isNotNull();
            List<String> props = new ArrayList<>();
            tool.at("/inputSchema/properties").fieldNames().forEachRemaining(props::add);
            assertThat(props).containsExactly("command", "timeout", "cwd");
            assertThat(tool.at("/inputSchema/required").toString()).isEqualTo("[\"command\"]");

            JsonNode r = mcp.result("tools/call", Map.of("name", "terminal_exec", "arguments",
                    Map.of("command", "echo via-caged $(pwd); exit 4")));
            assertThat(r.at("/content/0/type").asText()).isEqualTo("text");
            assertThat(r.at("/content/0/text").asText()).startsWith("via-caged /workspace\n[exit code 4");
            assertThat(r.get("isError").asBoolean()).isFalse();
            assertThat(mcp.result("tools/call", Map.of("name", "terminal_exec", "arguments",
                    Map.of("command", "pwd", "cwd", "/tmp"))).at("/content/0/text").asText()).startsWith("/tmp\n");
            JsonNode slow = mcp.result("tools/call", Map.of("name", "terminal_exec", "arguments",
                    Map.of("command", "sleep 5", "timeout", 1)));
            assertThat(slow.get("isError").asBoolean()).isTrue();
            assertThat(slow.at("/content/0/text").asText()).contains("longer than 1000 ms");
            assertThat(mcp.request("tools/call", Map.of("name", "terminal_exec", "arguments", Map.of("cmd", "ls")))
                    .at("/error/code").asInt()).isEqualTo(-32602);
        }
        String sid = ok(sdk.get("/sandboxes/" + id + "/sessions"), 200).get(0).get("id").asText();
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode e : ok(sdk.get("/sessions/" + sid + "/replay"), 200)) {
            if (e.get("type").asText().equals("tool_call") && e.at("/data/name").asText().equals("terminal_exec")) {
                calls.add(e.get("data"));
            }
        }
        assertThat(calls).hasSize(4);
        assertThat(calls.get(0).at("/arguments/command").asText()).startsWith("echo via-caged");
        assertThat(calls.get(0).get("transport").asText()).isEqualTo("websocket");
    }

    @Test
    void gitToolsOutsideARepositorySaySoInsteadOfPrintingGitsUsage() throws Exception {
        try (Mcp mcp = connect("2024-11-05")) {
            JsonNode diff = mcp.result("tools/call", Map.of("name", "git_diff", "arguments", Map.of()));
            assertThat(diff.get("isError").asBoolean()).isTrue();
            assertThat(diff.at("/content/0/text").asText()).isEqualTo("/workspace is not a git repository; "
                    + "create one with run_command 'git init'");
        }
    }

    @Test
    void theTerminalEchoesWhatIsTyped() throws Exception {
        try (CagedSdk.Socket t = sdk.socket("/sandboxes/" + id + "/terminal?rows=24&cols=80")) {
            assertThat(t.ws.getSubprotocol()).isEqualTo("mcp");
            t.send(Map.of("type", "input", "data", "echo term-$((6*7))\n"));
            t.send(Map.of("type", "resize", "rows", 40, "cols", 120));
            StringBuilder screen = new StringBuilder();
            while (!screen.toString().contains("term-42")) {
                JsonNode f = t.next();
                if (f.path("type").asText().equals("output")) screen.append(f.get("data").asText());
            }
        }
    }

    @Test
    void execStreamStreamsTheOutputAndEndsWithTheExitCode() throws Exception {
        try (CagedSdk.Socket s = sdk.socket("/sandboxes/" + id + "/terminal")) {
            // exec_stream sends the command with a newline, then reads output frames until exit.
            s.send(Map.of("type", "input", "data", "echo a; echo b >&2; exit 3\n"));
            List<JsonNode> frames = s.until("exit");
            StringBuilder out = new StringBuilder();
            frames.stream().filter(f -> f.path("type").asText().equals("output")).forEach(f -> out.append(f.get("data").asText()));
            assertThat(out.toString()).contains("a\n").contains("b\n");
            assertThat(frames.get(frames.size() - 1).get("code").asInt()).isEqualTo(3);
        }
    }
}
