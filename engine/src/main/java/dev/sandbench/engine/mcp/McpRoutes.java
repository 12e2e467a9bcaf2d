package dev.sandbench.engine.mcp;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.exec.CodeService;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.git.Git;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sessions.SessionService;
import dev.sandbench.engine.snapshots.SnapshotService;
import io.javalin.http.HandlerType;

import java.util.Map;

/**
 * Every sandbox as an MCP server at {@code /v1/sandboxes/{id}/mcp} (the {@code mcp_url} in its
 * JSON): Streamable HTTP (POST, GET with {@code Accept: text/event-stream}, DELETE) and, on a
 * WebSocket upgrade of the same URL, JSON-RPC over WebSocket. Both answer with one
 * {@link McpProtocol} over one {@link McpTools}.
 */
public final class McpRoutes implements AutoCloseable {
    static final String PATH = "/v1/sandboxes/{id}/mcp";

    /** One JSON-RPC 2.0 message, as documented in the OpenAPI document. */
    public record JsonRpcMessage(String jsonrpc, Object id, String method, Map<String, Object> params,
                                 Map<String, Object> result, Map<String, Object> error) {}

    private final StreamableHttpEndpoint http;
    private final WebSocketEndpoint ws;

    private McpRoutes(StreamableHttpEndpoint http, WebSocketEndpoint ws) {
        this.http = http;
        this.ws = ws;
    }

    public static McpRoutes register(HttpApi api, String version, SandboxService sandboxes, ExecService exec,
                                     CodeService code, FileService files, Git git, SnapshotService snapshots,
                                     EventBus events, SessionService sessions) {
        McpTools tools = new McpTools(sandboxes, exec, code, files, git, snapshots, events, sessions);
        McpProtocol protocol = new McpProtocol(version, tools, new McpResources(sandboxes, files, exec), sessions);
        StreamableHttpEndpoint http = new StreamableHttpEndpoint(api, sandboxes, protocol);
        WebSocketEndpoint ws = new WebSocketEndpoint(sandboxes, protocol);

        api.documentOnly("POST", PATH, Doc.of("MCP over Streamable HTTP: send one JSON-RPC message (initialize first; "
                        + "later requests carry its Mcp-Session-Id header). Answers JSON or an event stream. Tools run "
                        + "commands and code, read, write and search files, use git and snapshots.").tag("mcp")
                .request(JsonRpcMessage.class).response(JsonRpcMessage.class));
        api.documentOnly("GET", PATH, Doc.of("With 'Upgrade: websocket' (subprotocol mcp): MCP as JSON-RPC 2.0 over a "
                        + "WebSocket, whose tools, resources and prompts have the fields of the protocol version the client "
                        + "negotiated (2024-11-05 until initialize says otherwise: no title, no tool annotations). With 'Accept: text/event-stream' and Mcp-Session-Id: the Streamable HTTP stream of "
                        + "server messages. The key may be given as ?token=.").tag("mcp")
                .query("token", "string", "API key, for clients that cannot set headers")
                .status(101, "Switching Protocols"));
        api.documentOnly("DELETE", PATH, Doc.of("End a Streamable HTTP MCP session (the Mcp-Session-Id header)")
                .tag("mcp").status(200, "Ended"));

        api.addServletFilter("/v1/sandboxes/*", http);
        api.javalin().addHttpHandler(HandlerType.WEBSOCKET_BEFORE_UPGRADE, PATH, ctx -> ws.admit(api, ctx));
        // A plain GET gets the same checks, then says how to connect.
        api.javalin().addHttpHandler(HandlerType.GET, PATH, ctx -> {
            ws.admit(api, ctx);
            throw new ApiException(426, "Upgrade Required", "this is the sandbox's MCP endpoint: POST JSON-RPC "
                    + "messages (MCP Streamable HTTP), or connect a WebSocket with subprotocol 'mcp'");
        });
        api.javalin().ws(PATH, cfg -> {
            cfg.onConnect(ws::connect);
            cfg.onMessage(ctx -> ws.message(ctx, ctx.message()));
        });
        return new McpRoutes(http, ws);
    }

    @Override
    public void close() {
        http.close();
        ws.close();
    }
}
