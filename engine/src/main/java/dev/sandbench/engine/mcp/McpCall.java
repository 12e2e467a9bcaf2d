package dev.sandbench.engine.mcp;

import dev.sandbench.engine.api.Principal;

/**
 * Who is calling which sandbox, over which transport. Built once per request from the
 * authenticated key and the URL, so every MCP call is checked against its own URL.
 *
 * @param accountId       the sandbox's account (where its session events go)
 * @param transport       {@code http} (Streamable HTTP) or {@code websocket}
 * @param protocolVersion the MCP version the client negotiated, which shapes the answers (see
 *                        {@link SchemaVersions}); null answers with every field of the newest
 */
public record McpCall(Principal principal, String sandboxId, String accountId, String transport, String protocolVersion) {

    McpCall withProtocolVersion(String version) {
        return new McpCall(principal, sandboxId, accountId, transport, version);
    }
}
