package dev.sandbench.engine.mcp;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MCP over Streamable HTTP at {@code /v1/sandboxes/{id}/mcp}: the official SDK's servlet
 * transport (sessions, SSE, JSON-RPC framing) behind a servlet filter that checks the API key
 * and the sandbox first. The SDK's sessions answer with {@link McpProtocol}, the same handler
 * the WebSocket uses. WebSocket upgrades on the same path pass through to Javalin.
 */
final class StreamableHttpEndpoint implements Filter {
    static final Pattern PATH = Pattern.compile("^/v1/sandboxes/([^/]+)/mcp$");
    private static final String CALL = "sandbench.mcp.call";
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    /** Methods the SDK session answers by asking {@link McpProtocol}. */
    private static final List<String> METHODS = List.of("ping", "tools/list", "tools/call", "resources/list",
            "resources/templates/list", "resources/read", "prompts/list", "prompts/get", "logging/setLevel");
    private static final int MAX_SESSIONS = 10_000;

    private final HttpApi api;
    private final SandboxService sandboxes;
    private final HttpServletStreamableServerTransportProvider transport;
    /**
     * Which account and sandbox each SDK session was opened for. The SDK keeps one session
     * table for the whole engine; a session id is only good at the URL and with the account
     * that created it.
     */
    private final Map<String, String> owners = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_SESSIONS;
        }
    });

    StreamableHttpEndpoint(HttpApi api, SandboxService sandboxes, McpProtocol protocol) {
        this.api = api;
        this.sandboxes = sandboxes;
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()))
                .mcpEndpoint("/mcp")
                .maxRequestSize((int) HttpApi.MAX_JSON_BODY)
                .contextExtractor(req -> McpTransportContext.create(Map.of(CALL, req.getAttribute(CALL))))
                .build();
        Map<String, McpRequestHandler<?>> handlers = new LinkedHashMap<>();
        for (String method : METHODS) handlers.put(method, handler(protocol, method));
        Map<String, McpNotificationHandler> notifications = new LinkedHashMap<>();
        for (String n : List.of("notifications/initialized", "notifications/cancelled", "notifications/roots/list_changed")) {
            notifications.put(n, (exchange, params) -> Mono.empty());
        }
        transport.setSessionFactory(new DefaultMcpStreamableServerSessionFactory(Duration.ofMinutes(10),
                init -> Mono.just(initializeResult(protocol, init)), handlers, notifications,
                sessionId -> Mono.fromRunnable(() -> owners.remove(sessionId))));
    }

    private static McpSchema.InitializeResult initializeResult(McpProtocol protocol, McpSchema.InitializeRequest init) {
        Map<String, Object> info = protocol.serverInfo();
        return McpSchema.InitializeResult.builder(McpProtocol.negotiate(init.protocolVersion()),
                McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).build(),
                McpSchema.Implementation.builder((String) info.get("name"), (String) info.get("version"))
                        .title((String) info.get("title")).build())
                .instructions(McpProtocol.INSTRUCTIONS).build();
    }

    private static McpRequestHandler<Object> handler(McpProtocol protocol, String method) {
        return (McpAsyncServerExchange exchange, Object params) -> Mono.fromCallable(() -> {
                    McpCall call = (McpCall) exchange.transportContext().get(CALL);
                    if (call == null) throw new McpException(McpException.INTERNAL_ERROR, "the request was not authenticated");
                    return protocol.handle(method, params == null ? null : Json.MAPPER.valueToTree(params), call);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(McpException.class, e -> McpError.builder(e.code()).message(e.getMessage()).build());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        Matcher m = PATH.matcher(req.getRequestURI());
        if (!m.matches() || !servedHere(req)) {
            chain.doFilter(request, response);
            return;
        }
        String session = req.getHeader(SESSION_HEADER);
        String owner;
        try {
            Principal p = api.authenticate(req.getHeader("Authorization"), req.getHeader("X-API-Key"),
                    token(req.getQueryString()), req.getHeader("User-Agent"), req.getRemoteAddr());
            SandboxRecord sandbox = sandboxes.get(p, m.group(1));
            owner = sandbox.accountId() + "/" + sandbox.id();
            if (session != null && !owner.equals(owners.get(session))) {
                throw ApiException.notFound("MCP session " + session + " does not exist at this URL; initialize a new one");
            }
            // Streamable HTTP answers in the newest shape, every field: its clients follow the spec,
            // which lets them ignore fields their version lacks (see SchemaVersions for the WebSocket).
            req.setAttribute(CALL, new McpCall(p, sandbox.id(), sandbox.accountId(), "http", null));
        } catch (ApiException e) {
            if (e.status() == 401) res.setHeader("WWW-Authenticate", "Bearer");
            HttpApi.problem(res, e);
            return;
        }
        transport.service(request, response);
        String created = res.getHeader(SESSION_HEADER);
        if (session == null && created != null) owners.put(created, owner);
        if (session != null && req.getMethod().equals("DELETE")) owners.remove(session);
    }

    /** {@code ?token=}, read from the query string alone (getParameter could consume a form body). */
    private static String token(String query) {
        if (query == null) return null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                return java.net.URLDecoder.decode(pair.substring(6), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * POST and DELETE are always MCP; a GET is the SDK's event stream only when it asks for
     * one, so WebSocket upgrades and plain GETs reach Javalin.
     */
    private static boolean servedHere(HttpServletRequest req) {
        return switch (req.getMethod()) {
            case "POST", "DELETE" -> true;
            case "GET" -> req.getHeader("Upgrade") == null && req.getHeader("Accept") != null
                    && req.getHeader("Accept").contains("text/event-stream");
            default -> false;
        };
    }

    void close() {
        try {
            transport.closeGracefully().block(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // the engine is stopping; open streams end with the server
        }
    }
}
