package dev.sandbench.engine.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fields each MCP protocol version's schema has, so lists are answered in the shape of the
 * version the client negotiated. MCP 2024-11-05 has tools of {@code name}, {@code description},
 * {@code inputSchema}; 2025-03-26 added tool {@code annotations}; 2025-06-18 added {@code title}
 * to tools, resources, resource templates, prompts and the server's implementation info.
 *
 * <p>Why trim what the spec lets clients ignore: clients such as Caged's Python SDK build their
 * objects from every key ({@code MCPTool(**tool)}) and fail on one their version does not have.
 * A null version means the newest, all fields.
 */
final class SchemaVersions {
    static final String TITLES = "2025-06-18";
    static final String TOOL_ANNOTATIONS = "2025-03-26";

    private SchemaVersions() {}

    /** Whether a client that negotiated {@code version} knows what was added in {@code since} (dates compare as text). */
    static boolean has(String version, String since) {
        return version == null || version.compareTo(since) >= 0;
    }

    static List<Map<String, Object>> tools(List<Map<String, Object>> defs, String version) {
        return defs.stream().map(d -> {
            Map<String, Object> m = withoutTitle(d, version);
            if (!has(version, TOOL_ANNOTATIONS)) m.remove("annotations");
            return m;
        }).toList();
    }

    /** Resources, resource templates and prompts: only {@code title} is newer than 2024-11-05. */
    static List<Map<String, Object>> titled(List<Map<String, Object>> defs, String version) {
        return defs.stream().map(d -> withoutTitle(d, version)).toList();
    }

    static Map<String, Object> withoutTitle(Map<String, Object> def, String version) {
        Map<String, Object> m = new LinkedHashMap<>(def);
        if (!has(version, TITLES)) m.remove("title");
        return m;
    }
}
