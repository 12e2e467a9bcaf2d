package dev.sandbench.engine.mcp;

/**
 * A JSON-RPC error answer: the request itself was wrong (unknown method or tool, arguments of
 * the wrong type). Failures of a valid tool call are tool results with {@code isError} instead,
 * so the model reads them and can correct itself.
 */
public final class McpException extends RuntimeException {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** MCP's code for a resource URI that names nothing. */
    public static final int RESOURCE_NOT_FOUND = -32002;

    private final int code;

    public McpException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static McpException invalidParams(String message) {
        return new McpException(INVALID_PARAMS, message);
    }
}
