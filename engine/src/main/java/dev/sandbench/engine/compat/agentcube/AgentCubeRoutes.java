package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatRoutes;
import dev.sandbench.engine.compat.CompatServices;
import dev.sandbench.engine.compat.CompatStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AgentCube's API ({@code volcano-sh/agentcube}) at the root paths its SDK uses: the
 * WorkloadManager's control plane ({@code /v1/code-interpreter}, {@code /v1/agent-runtime}) and the
 * Router's data plane ({@code /v1/namespaces/{ns}/...}), which its SDK joins to ROUTER_URL as an
 * absolute path, so it can only be at the root. Both URLs the SDK reads (WORKLOAD_MANAGER_URL,
 * ROUTER_URL) point at the engine. The data plane finds the session by the
 * {@code x-agentcube-session-id} header and answers with it; without one it makes a session, as
 * the Router does.
 */
public final class AgentCubeRoutes {
    static final String SECURITY = "agentcubeBearer";
    static final String SESSION_HEADER = "x-agentcube-session-id";
    static final String CI = "/v1/namespaces/{namespace}/code-interpreters/{name}/invocations";
    static final String AR = "/v1/namespaces/{namespace}/agent-runtimes/{name}/invocations";
    /** How long one agent invocation may take (the SDK's default read timeout is 120 s). */
    static final long INVOKE_TIMEOUT_MS = 300_000;

    private AgentCubeRoutes() {}

    public static void register(CompatServices c) {
        CompatRoutes routes = c.routes();
        routes.errorShape(CompatApi.AGENTCUBE, AgentCubeErrors.DATA);
        routes.unmatchedUnder("/v1/code-interpreter", ctx -> AgentCubeErrors.CONTROL);
        routes.unmatchedUnder("/v1/agent-runtime", ctx -> AgentCubeErrors.CONTROL);
        routes.unmatchedUnder("/v1/namespaces", ctx -> AgentCubeErrors.DATA);
        routes.http().openApi().securityScheme(SECURITY, Map.of("type", "http", "scheme", "bearer", "description",
                "an engine API key (the SDK's auth_token=); in development mode none"));
        AgentCubeAuth auth = new AgentCubeAuth(c.auth());
        AgentCubeSessions sessions = new AgentCubeSessions(c.store(), c.sandboxes());
        AgentCubeExec exec = new AgentCubeExec(c.exec(), c.sandboxes().service(), c.files());
        AgentCubeFiles files = new AgentCubeFiles(c.sandboxes().service(), c.files(), c.fileChanges(), c.exec());
        AgentRuntimes runtimes = new AgentRuntimes(c.dataDir(), sessions, c.exec());

        control(routes, HandlerType.POST, "/v1/code-interpreter", doc("agentcubeCreateCodeInterpreter", "Create a code "
                        + "interpreter session: a sandbox of the python template living ttl seconds (default 3600)")
                        .request(AgentCubeWire.AgentCubeCreate.class).response(AgentCubeWire.AgentCubeCreated.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    AgentCubeWire.AgentCubeCreate req = HttpApi.body(ctx, AgentCubeWire.AgentCubeCreate.class);
                    AgentCubeSessions.checkNames(req.namespace(), req.name());
                    CompatStore.Session s = sessions.create(who, codeInterpreter(req.namespace(), req.name(),
                            AgentCubeSessions.ttl(req.ttl()), req.metadata()));
                    HttpApi.json(ctx, 200, sessions.created(s, invocations(ctx, CI, req.namespace(), req.name())));
                });
        control(routes, HandlerType.DELETE, "/v1/code-interpreter/sessions/{session_id}", doc("agentcubeDeleteCodeInterpreter",
                        "Delete a code interpreter session and its sandbox").response(AgentCubeWire.AgentCubeMessage.class),
                ctx -> {
                    sessions.delete(auth.identify(ctx), ctx.pathParam("session_id"), AgentCubeSessions.CODE_INTERPRETER);
                    HttpApi.json(ctx, 200, new AgentCubeWire.AgentCubeMessage("Sandbox deleted successfully"));
                });
        control(routes, HandlerType.POST, "/v1/agent-runtime", doc("agentcubeCreateAgentRuntime", "Create an agent "
                        + "runtime session from its definition (DATA_DIR/agent-runtimes/<namespace>/<name>.json)")
                        .request(AgentCubeWire.AgentCubeCreate.class).response(AgentCubeWire.AgentCubeCreated.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    AgentCubeWire.AgentCubeCreate req = HttpApi.body(ctx, AgentCubeWire.AgentCubeCreate.class);
                    CompatStore.Session s = runtimes.create(who, req.namespace(), req.name(), req.ttl());
                    HttpApi.json(ctx, 200, sessions.created(s, invocations(ctx, AR, req.namespace(), req.name())));
                });
        control(routes, HandlerType.DELETE, "/v1/agent-runtime/sessions/{session_id}", doc("agentcubeDeleteAgentRuntime",
                        "Delete an agent runtime session and its sandbox").response(AgentCubeWire.AgentCubeMessage.class),
                ctx -> {
                    sessions.delete(auth.identify(ctx), ctx.pathParam("session_id"), AgentCubeSessions.AGENT_RUNTIME);
                    HttpApi.json(ctx, 200, new AgentCubeWire.AgentCubeMessage("Sandbox deleted successfully"));
                });

        routes.add(CompatApi.AGENTCUBE, HandlerType.POST, CI + "/api/execute", doc("agentcubeExecute", "Run an argv in "
                        + "the session's sandbox (no shell), timeout a Go duration; exit code 124 past it")
                        .request(AgentCubeWire.AgentCubeExecute.class).response(AgentCubeWire.AgentCubeExecResult.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    AgentCubeExec.Run run = AgentCubeExec.validate(HttpApi.body(ctx, AgentCubeWire.AgentCubeExecute.class));
                    String sandboxId = sessions.running(who, session(ctx, who, sessions));
                    HttpApi.json(ctx, 200, exec.execute(who.principal(), sandboxId, run));
                });
        routes.add(CompatApi.AGENTCUBE, HandlerType.POST, CI + "/api/files", doc("agentcubeUpload", "Write a file: "
                        + "JSON {path, content (base64), mode} or multipart (file, path, mode)")
                        .request(AgentCubeWire.AgentCubeUpload.class).response(AgentCubeWire.AgentCubeFileInfo.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    AgentCubeFiles.Upload upload = AgentCubeFiles.parse(ctx);
                    String sandboxId = sessions.running(who, session(ctx, who, sessions));
                    HttpApi.json(ctx, 200, files.write(who.principal(), sandboxId, upload));
                });
        routes.add(CompatApi.AGENTCUBE, HandlerType.GET, CI + "/api/files", doc("agentcubeListFiles", "List a directory")
                        .requiredQuery("path", "string", "relative to /workspace, or absolute")
                        .response(AgentCubeWire.AgentCubeFileList.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    String path = ctx.queryParam("path");
                    if (path == null || path.isEmpty()) {
                        throw ApiException.badRequest("Missing 'path' query parameter");
                    }
                    String sandboxId = sessions.running(who, session(ctx, who, sessions));
                    HttpApi.json(ctx, 200, files.list(who.principal(), sandboxId, path));
                });
        routes.add(CompatApi.AGENTCUBE, HandlerType.GET, CI + "/api/files/<path>", doc("agentcubeDownload", "A file's "
                        + "bytes (workspace/... is also tried as /workspace/...)").response(byte[].class)
                        .responseMediaType("application/octet-stream"),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    String path = ctx.pathParam("path");
                    AgentCubePaths.read(path);
                    String sandboxId = sessions.running(who, session(ctx, who, sessions));
                    files.download(who.principal(), sandboxId, path, ctx);
                });

        for (HandlerType method : new HandlerType[]{HandlerType.GET, HandlerType.POST}) {
            for (String path : new String[]{AR, AR + "/<path>"}) {
                routes.add(CompatApi.AGENTCUBE, method, path, doc("agentcubeInvoke" + method.name()
                                + (path.equals(AR) ? "" : "Path"), "Invoke an agent runtime: relayed to the agent's port "
                                + "in its session's sandbox; without " + SESSION_HEADER + " a session is made (the "
                                + "answer carries its id in that header)"),
                        ctx -> invoke(ctx, auth.identify(ctx), sessions, runtimes));
            }
        }
    }

    private static void invoke(Context ctx, CompatIdentity who, AgentCubeSessions sessions, AgentRuntimes runtimes) {
        String id = ctx.header(SESSION_HEADER);
        String rest = ctx.pathParamMap().getOrDefault("path", "");
        String target = "/" + rest + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach(headers::put);
        String body = ctx.body();
        CompatStore.Session s = id == null || id.isEmpty()
                ? runtimes.create(who, ctx.pathParam("namespace"), ctx.pathParam("name"), null)
                : sessions.find(who, id);
        ctx.header(SESSION_HEADER, s.id());
        AgentCubeRelay.Answer a = runtimes.invoke(who, s, ctx.method().name(), target, headers, body, INVOKE_TIMEOUT_MS);
        ctx.status(a.status());
        if (a.contentType() != null) ctx.contentType(a.contentType());
        ctx.result(a.body());
    }

    /** The session the header names, or (as the Router does without one) a new code interpreter session. */
    private static CompatStore.Session session(Context ctx, CompatIdentity who, AgentCubeSessions sessions) {
        String id = ctx.header(SESSION_HEADER);
        CompatStore.Session s;
        if (id == null || id.isEmpty()) {
            AgentCubeSessions.checkNames(ctx.pathParam("namespace"), ctx.pathParam("name"));
            s = sessions.create(who, codeInterpreter(ctx.pathParam("namespace"), ctx.pathParam("name"),
                    AgentCubeSessions.DEFAULT_TTL_SECONDS, null));
        } else {
            s = sessions.find(who, id);
        }
        ctx.header(SESSION_HEADER, s.id());
        return s;
    }

    private static AgentCubeSessions.Spec codeInterpreter(String namespace, String name, long ttl,
                                                          Map<String, Object> metadata) {
        return new AgentCubeSessions.Spec(AgentCubeSessions.CODE_INTERPRETER, namespace, name, "python", ttl,
                Map.of("metadata", metadata == null ? Map.of() : metadata));
    }

    private static String invocations(Context ctx, String pattern, String namespace, String name) {
        return ctx.scheme() + "://" + ctx.host() + pattern.replace("{namespace}", namespace).replace("{name}", name) + "/";
    }

    /** A control-plane route: the WorkloadManager's {"message"} errors. */
    private static void control(CompatRoutes routes, HandlerType method, String path, Doc doc, Handler h) {
        routes.add(CompatApi.AGENTCUBE, method, path, doc, ctx -> {
            HttpApi.useErrorShape(ctx, AgentCubeErrors.CONTROL);
            h.handle(ctx);
        });
    }

    private static Doc doc(String operationId, String summary) {
        return Doc.of(summary).tag(CompatApi.AGENTCUBE.tag()).operationId(operationId).security(SECURITY);
    }
}
