package dev.sandbench.client;

import dev.sandbench.client.mcp.McpRpcException;
import dev.sandbench.client.mcp.McpSession;
import dev.sandbench.client.mcp.McpTool;
import dev.sandbench.client.mcp.McpToolResult;
import dev.sandbench.client.sandboxes.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class McpClientTest {
    static EngineFixture f;
    static SandbenchClient sb;
    static Sandbox box;

    @BeforeAll
    static void start() throws Exception {
        f = new EngineFixture();
        sb = f.client;
        box = sb.sandboxes().create();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void theSandboxCarriesTheUrlTheClientConnectsTo() {
        assertThat(box.mcpUrl()).isEqualTo(sb.mcp().url(box.id())).endsWith("/v1/sandboxes/" + box.id() + "/mcp");
        assertThat(sb.sandboxes().get(box.id()).mcpUrl()).isEqualTo(box.mcpUrl());
    }

    @Test
    void aWebSocketSessionCallsToolsAndReadsResources() {
        try (McpSession mcp = sb.mcp().connect(box.id())) {
            assertThat(mcp.initializeResult().path("serverInfo").path("name").asText()).isEqualTo("sandbench");
            assertThat(mcp.listTools()).extracting(McpTool::name).contains("run_command", "read_file", "git_commit");
            McpToolResult r = mcp.callTool("run_command", Map.of("command", "echo over-okhttp"));
            assertThat(r.isError()).isFalse();
            assertThat(r.text()).startsWith("over-okhttp\n[exit code 0");
            assertThat(mcp.callTool("write_file", Map.of("path", "mcp.txt", "content", "hi\n")).isError()).isFalse();
            assertThat(mcp.readResource("file:///workspace/mcp.txt")).isEqualTo("hi\n");
            McpToolResult outside = mcp.callTool("read_file", Map.of("path", "/proc/1/environ"));
            assertThat(outside.isError()).isTrue();
            assertThatThrownBy(() -> mcp.callTool("no_such_tool", Map.of()))
                    .isInstanceOfSatisfying(McpRpcException.class, e -> assertThat(e.code()).isEqualTo(-32602));
            mcp.ping();
        }
    }

    @Test
    void aStreamableHttpSessionCallsToolsAndEndsWithDelete() {
        McpSession mcp = sb.mcp().connectHttp(box.id());
        assertThat(mcp.initializeResult().path("protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(mcp.callTool("run_command", Map.of("command", "echo over-http")).text()).startsWith("over-http");
        assertThatThrownBy(() -> mcp.callTool("run_command", Map.of("command", true)))
                .isInstanceOfSatisfying(McpRpcException.class, e -> assertThat(e.getMessage()).contains("must be a string"));
        mcp.close();
        // The session is gone: the engine no longer knows its id.
        assertThatThrownBy(() -> mcp.ping()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anotherAccountCannotReachTheSandbox() {
        String otherKey = sb.account().createAccount("mcp-other").key().key();
        try (SandbenchClient them = f.clientWithKey(otherKey)) {
            assertThatThrownBy(() -> them.mcp().connect(box.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> them.mcp().connectHttp(box.id())).isInstanceOf(NotFoundException.class);
        }
    }
}
