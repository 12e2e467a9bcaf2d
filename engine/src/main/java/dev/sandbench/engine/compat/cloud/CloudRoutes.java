package dev.sandbench.engine.compat.cloud;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatRoutes;
import dev.sandbench.engine.compat.CompatServices;
import dev.sandbench.engine.compat.Dispatch;
import dev.sandbench.engine.files.SandboxPaths;
import io.javalin.http.HandlerType;

import java.util.Map;

/**
 * Cloud Sandbox's API ({@code sawyerbutton/Cloud-Sandbox-for-Coding-Agents}: its gateway, scheduler
 * and session manager in one) at the root paths its SDK uses, {@code /api/v1/...} with
 * {@code Authorization: Bearer}. {@code POST /api/v1/execute} and {@code GET /api/v1/files} are
 * shared with CAGE and taken here when {@link Dispatch#cageOrCloud} says Cloud Sandbox.
 */
public final class CloudRoutes {
    static final String SECURITY = "cloudSandboxBearer";

    private CloudRoutes() {}

    public static void register(CompatServices c) {
        CompatRoutes routes = c.routes();
        routes.errorShape(CompatApi.CLOUD_SANDBOX, CloudErrors.SHAPE);
        routes.http().openApi().securityScheme(SECURITY, Map.of("type", "http", "scheme", "bearer", "bearerFormat",
                "JWT", "description", "a token from POST /api/v1/auth/token, or an engine API key"));
        CloudAuth auth = new CloudAuth(c.auth(), CloudTokens.inDataDir(c.dataDir()));
        CloudSpecs specs = new CloudSpecs(c.sandboxes().service().templates());
        CloudSessions sessions = new CloudSessions(c.store(), c.sandboxes());
        CloudPool pool = new CloudPool(sessions, specs);
        CloudExec exec = new CloudExec(c.code(), c.exec());
        CloudFiles files = new CloudFiles(c.sandboxes().service(), c.files(), c.fileChanges());
        CompatRoutes.Claim cloud = ctx -> Dispatch.cageOrCloud(ctx) == CompatApi.CLOUD_SANDBOX;

        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.POST, "/api/v1/auth/token", Doc.of("Mint a Cloud Sandbox "
                        + "token (HS256 JWT, 24 h) for user_id: with 'Authorization: Bearer <engine API key>' for that "
                        + "key's account; without a key only in development mode").tag(CompatApi.CLOUD_SANDBOX.tag())
                        .operationId("cloudToken").request(CloudWire.CloudTokenRequest.class)
                        .response(CloudWire.CloudToken.class).publicRoute(),
                ctx -> HttpApi.json(ctx, 200, auth.mint(ctx, HttpApi.body(ctx, CloudWire.CloudTokenRequest.class))));

        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.POST, "/api/v1/sessions", doc("cloudCreateSession", "Create a "
                        + "session: its own sandbox from image (mapped to the nearest local template), cpu_count and "
                        + "memory_mb (clamped to this host), living ttl nanoseconds (24 h by default, 7 days at most)")
                        .request(CloudWire.CloudCreateSession.class).response(CloudWire.CloudSession.class)
                        .status(201, "Created"),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    CloudSpecs.Spec spec = specs.validate(HttpApi.body(ctx, CloudWire.CloudCreateSession.class));
                    HttpApi.json(ctx, 201, sessions.create(who, spec));
                });
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.GET, "/api/v1/sessions", doc("cloudListSessions", "The "
                        + "caller's sessions that are not over").response(CloudWire.CloudSessionList.class),
                ctx -> HttpApi.json(ctx, 200, new CloudWire.CloudSessionList(sessions.list(auth.identify(ctx)))));
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.GET, "/api/v1/sessions/{id}", doc("cloudGetSession", "A session "
                        + "(404 once deleted or expired)").response(CloudWire.CloudSession.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    HttpApi.json(ctx, 200, sessions.info(who, sessions.find(who, ctx.pathParam("id"))));
                });
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.DELETE, "/api/v1/sessions/{id}", doc("cloudDeleteSession",
                        "Delete a session and destroy its sandbox").response(CloudWire.CloudSuccess.class),
                ctx -> {
                    sessions.delete(auth.identify(ctx), ctx.pathParam("id"));
                    HttpApi.json(ctx, 200, new CloudWire.CloudSuccess(true));
                });
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.POST, "/api/v1/sessions/{id}/pause", doc("cloudPauseSession",
                        "Pause an active session: its sandbox is frozen, files and processes (the interpreter's "
                                + "variables) kept").response(CloudWire.CloudSession.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    HttpApi.json(ctx, 200, sessions.pause(who, ctx.pathParam("id")));
                });
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.POST, "/api/v1/sessions/{id}/resume", doc("cloudResumeSession",
                        "Resume a paused session where it stopped; acquire binds to it").response(CloudWire.CloudSession.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    HttpApi.json(ctx, 200, sessions.resume(who, ctx.pathParam("id")));
                });

        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.POST, "/api/v1/sandbox/acquire", doc("cloudAcquire", "The "
                        + "sandbox of the caller's newest active session (a sandbox of the caller's own, destroyed on "
                        + "release, when there is none)").response(CloudWire.CloudSandboxInfo.class),
                ctx -> HttpApi.json(ctx, 200, pool.acquire(auth.identify(ctx))));
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.POST, "/api/v1/sandbox/release", doc("cloudRelease", "Release "
                        + "an acquired sandbox: a session's stays (paused or not), a lease is destroyed")
                        .request(CloudWire.CloudSandboxRef.class).response(CloudWire.CloudSuccess.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    pool.release(who, HttpApi.body(ctx, CloudWire.CloudSandboxRef.class).sandboxId());
                    HttpApi.json(ctx, 200, new CloudWire.CloudSuccess(true));
                });
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.GET, "/api/v1/sandbox/stats", doc("cloudPoolStats", "Pool "
                        + "figures: idle, active, creating, max (0: no limit) and total, available, in_use")
                        .response(CloudWire.CloudPoolStats.class),
                ctx -> HttpApi.json(ctx, 200, pool.stats(auth.identify(ctx))));

        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.POST, "/api/v1/execute", doc("cloudExecute", "Run code "
                        + "(python and javascript in the session's persistent interpreter) or a command (argv, with "
                        + "work_dir and env); timeout in seconds").request(CloudWire.CloudExecute.class)
                        .response(CloudWire.CloudExecResult.class), cloud,
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    CloudExec.Run run = CloudExec.validate(HttpApi.body(ctx, CloudWire.CloudExecute.class));
                    pool.running(who, run.sandboxId());
                    HttpApi.json(ctx, 200, exec.execute(who.principal(), run));
                });
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.GET, "/api/v1/files", doc("cloudListFiles", "List a "
                        + "directory of a sandbox").requiredQuery("sandbox_id", "string", "the acquired sandbox")
                        .query("path", "string", "default /workspace").response(CloudWire.CloudFileList.class), cloud,
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    String path = CloudFiles.path(ctx.queryParam("path"), SandboxPaths.WORKSPACE);
                    String sandboxId = pool.running(who, required(ctx.queryParam("sandbox_id")));
                    HttpApi.json(ctx, 200, files.list(who.principal(), sandboxId, path));
                });
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.PUT, "/api/v1/files", doc("cloudWriteFile", "Write a file's "
                        + "text (UTF-8, not base64)").request(CloudWire.CloudWriteFile.class)
                        .response(CloudWire.CloudSuccess.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    CloudWire.CloudWriteFile req = HttpApi.body(ctx, CloudWire.CloudWriteFile.class);
                    String path = CloudFiles.path(req.path(), null);
                    String sandboxId = pool.running(who, required(req.sandboxId()));
                    files.write(who.principal(), sandboxId, path, req.content());
                    HttpApi.json(ctx, 200, new CloudWire.CloudSuccess(true));
                });
        routes.add(CompatApi.CLOUD_SANDBOX, HandlerType.DELETE, "/api/v1/files", doc("cloudDeleteFile", "Delete a file "
                        + "or a directory with what it holds").requiredQuery("sandbox_id", "string", "the acquired "
                        + "sandbox").requiredQuery("path", "string", "what to delete").response(CloudWire.CloudSuccess.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    String path = CloudFiles.path(required(ctx.queryParam("path"), "path"), null);
                    String sandboxId = pool.running(who, required(ctx.queryParam("sandbox_id")));
                    files.delete(who.principal(), sandboxId, path);
                    HttpApi.json(ctx, 200, new CloudWire.CloudSuccess(true));
                });
    }

    private static String required(String sandboxId) {
        return required(sandboxId, "sandbox_id");
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) throw ApiException.badRequest(name + " is required");
        return value;
    }

    private static Doc doc(String operationId, String summary) {
        return Doc.of(summary).tag(CompatApi.CLOUD_SANDBOX.tag()).operationId(operationId).security(SECURITY);
    }
}
