package dev.sandbench.client.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool a sandbox's MCP server offers, with the JSON schema of its arguments. */
public record McpTool(String name, String title, String description, JsonNode inputSchema) {

    static McpTool of(JsonNode t) {
        return new McpTool(t.path("name").asText(), t.path("title").asText(null), t.path("description").asText(null),
                t.path("inputSchema"));
    }
}
