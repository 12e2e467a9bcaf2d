package dev.sandbench.client.mcp;

import dev.sandbench.client.SandbenchException;

/**
 * The engine answered an MCP request with a JSON-RPC error: an unknown method or tool, or
 * arguments of the wrong type (-32602). A tool that ran and failed is not one of these: it is a
 * {@link McpToolResult} with {@code isError}.
 */
public final class McpRpcException extends SandbenchException {
    private final int code;

    public McpRpcException(int code, String message) {
        super(message, null, null);
        this.code = code;
    }

    /** The JSON-RPC error code, e.g. -32601 (method not found) or -32602 (invalid params). */
    public int code() {
        return code;
    }
}
