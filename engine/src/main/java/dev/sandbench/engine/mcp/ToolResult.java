package dev.sandbench.engine.mcp;

import java.util.List;
import java.util.Map;

/** What a tool answers: text for the model, and whether it failed. */
public record ToolResult(String text, boolean isError) {

    public static ToolResult ok(String text) {
        return new ToolResult(text, false);
    }

    public static ToolResult error(String text) {
        return new ToolResult(text, true);
    }

    /** MCP's CallToolResult: {@code {"content":[{"type":"text","text":...}],"isError":...}}. */
    public Map<String, Object> toMcp() {
        return Map.of("content", List.of(Map.of("type", "text", "text", text)), "isError", isError);
    }
}
