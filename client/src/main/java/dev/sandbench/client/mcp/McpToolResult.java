package dev.sandbench.client.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a tool answered: its text content joined, whether it failed (the message is in
 * {@code text}), and the whole MCP result.
 */
public record McpToolResult(String text, boolean isError, JsonNode raw) {

    static McpToolResult of(JsonNode result) {
        StringBuilder text = new StringBuilder();
        for (JsonNode c : result.path("content")) {
            if (c.path("type").asText().equals("text")) text.append(c.path("text").asText());
        }
        return new McpToolResult(text.toString(), result.path("isError").asBoolean(false), result);
    }
}
