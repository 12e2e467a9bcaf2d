package dev.sandbench.engine.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One MCP tool: its name, the description a model reads to decide when to use it, its
 * parameters, and what it does.
 *
 * @param readOnly    a hint for clients that may skip confirmation of tools that change nothing
 * @param destructive a hint that the tool may delete or overwrite
 */
public record Tool(String name, String title, String description, List<Param> params, boolean readOnly,
                   boolean destructive, Handler handler) {

    /** Runs the tool; an {@link dev.sandbench.engine.api.ApiException} becomes an error result for the model. */
    @FunctionalInterface
    public interface Handler {
        ToolResult call(McpCall call, Args args);
    }

    /** The tool as {@code tools/list} shows it, with its JSON schema. */
    public Map<String, Object> definition() {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Param p : params) {
            properties.put(p.name(), p.schema());
            if (p.required()) required.add(p.name());
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) schema.put("required", required);
        schema.put("additionalProperties", false);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("title", title);
        d.put("description", description);
        d.put("inputSchema", schema);
        d.put("annotations", Map.of("title", title, "readOnlyHint", readOnly, "destructiveHint", destructive,
                "openWorldHint", false));
        return d;
    }
}
