package dev.sandbench.engine.compat.cage;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatRoutes;
import dev.sandbench.engine.compat.CompatServices;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.compat.Dispatch;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * CAGE's API ({@code YashSharmaa/CAGE}) at the root paths its SDK uses: {@code /api/v1/...} with
 * {@code Authorization: ApiKey}, the MCP socket at {@code /mcp}. Every call works on the caller's
 * one implicit sandbox. {@code POST /api/v1/execute} and {@code GET /api/v1/files} are shared with
 * Cloud Sandbox, and taken here when {@link Dispatch#cageOrCloud} says CAGE.
 */
public final class CageRoutes implements AutoCloseable {
    static final String SECURITY = "cageApiKey";

    private final CageMcp mcp;

    private CageRoutes(CageMcp mcp) {
        this.mcp = mcp;
    }

    public static CageRoutes register(CompatServices c) {
        CompatRoutes routes = c.routes();
        routes.errorShape(CompatApi.CAGE, CageErrors.SHAPE);
        routes.unmatchedUnder("/api/v1", ctx -> routes.shapeOf(Dispatch.cageOrCloud(ctx), CompatApi.CAGE));
        routes.unmatchedUnder("/mcp", ctx -> CageErrors.SHAPE);
        // Shared with Cloud Sandbox and AgentCube, whose SDKs never call it; CAGE's reads it.
        routes.unmatchedUnder("/health", ctx -> CageErrors.SHAPE);
        routes.http().openApi().securityScheme(SECURITY, Map.of("type", "apiKey", "in", "header", "name", "Authorization",
                "description", "'ApiKey <engine API key>' (or the header X-API-Key: <key>); in development mode also "
                        + "'ApiKey dev_<user>'"));

        CageAuth auth = new CageAuth(c.auth());
        CageSessions sessions = new CageSessions(c.store(), c.sandboxes());
        CageFiles files = new CageFiles(c.sandboxes().service(), c.files(), c.fileChanges());
        CageExec exec = new CageExec(c.code(), sessions, files);
        CageJobs jobs = new CageJobs(c.jobs(), c.store(), sessions, exec);
        c.events().addListener(jobs::onEvent);
        CompatRoutes.Claim cage = ctx -> Dispatch.cageOrCloud(ctx) == CompatApi.CAGE;

        routes.add(CompatApi.CAGE, HandlerType.POST, "/api/v1/execute", doc("cageExecute", "Run code in the caller's "
                        + "sandbox (python, javascript, bash, ... where installed; persistent python and javascript "
                        + "interpreters); a failing program is a 200 with status error")
                        .request(CageWire.CageExecuteRequest.class).response(CageWire.CageExecuteResponse.class), cage,
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    CageExec.Run run = CageExec.validate(HttpApi.body(ctx, CageWire.CageExecuteRequest.class));
                    HttpApi.json(ctx, 200, exec.execute(who.principal(), sessions.runningSandbox(who), run));
                });
        routes.add(CompatApi.CAGE, HandlerType.POST, "/api/v1/execute/async", doc("cageExecuteAsync", "Queue code to "
                        + "run; poll /api/v1/jobs/{job_id}").request(CageWire.CageExecuteRequest.class)
                        .response(CageWire.CageAsyncJob.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    CageExec.Run run = CageExec.validate(HttpApi.body(ctx, CageWire.CageExecuteRequest.class));
                    HttpApi.json(ctx, 200, jobs.submit(who, run));
                });
        routes.add(CompatApi.CAGE, HandlerType.GET, "/api/v1/jobs/{job_id}", doc("cageJob", "An async job's status "
                        + "and, once finished, its result (kept across engine restarts)").response(CageWire.CageJobStatus.class),
                ctx -> HttpApi.json(ctx, 200, jobs.get(auth.identify(ctx), ctx.pathParam("job_id"))));

        routes.add(CompatApi.CAGE, HandlerType.GET, "/api/v1/files", doc("cageListFiles", "List a workspace directory "
                        + "({\"files\": [...]}); '/' is the directory code runs in").query("path", "string", "default /")
                        .query("recursive", "boolean", "list subdirectories too").response(CageWire.CageFileList.class), cage,
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    String path = ctx.queryParam("path") == null ? "/" : ctx.queryParam("path");
                    CageFiles.sandboxPath(path);
                    HttpApi.json(ctx, 200, files.list(who.principal(), sessions.runningSandbox(who), path,
                            "true".equalsIgnoreCase(ctx.queryParam("recursive"))));
                });
        routes.add(CompatApi.CAGE, HandlerType.POST, "/api/v1/files", doc("cageUpload", "Upload a file: multipart "
                        + "(a 'path' field and a 'file' part) or JSON {filename, path, content (base64), overwrite}")
                        .request(CageWire.CageUploadRequest.class).response(CageWire.CageUploaded.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    HttpApi.json(ctx, 200, upload(ctx, who, sessions, files));
                });
        routes.add(CompatApi.CAGE, HandlerType.GET, "/api/v1/files/<file_path>", doc("cageDownload", "Download a "
                        + "workspace file's bytes").response(byte[].class).responseMediaType("application/octet-stream"),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    String path = ctx.pathParam("file_path");
                    CageFiles.sandboxPath(path);
                    files.download(who.principal(), sessions.runningSandbox(who), path, ctx);
                });
        routes.add(CompatApi.CAGE, HandlerType.DELETE, "/api/v1/files/<file_path>", doc("cageDeleteFile", "Delete a "
                        + "workspace file").status(204, "Deleted"),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    String path = ctx.pathParam("file_path");
                    CageFiles.sandboxPath(path);
                    files.delete(who.principal(), sessions.runningSandbox(who), path);
                    ctx.status(204);
                });

        routes.add(CompatApi.CAGE, HandlerType.GET, "/api/v1/session", doc("cageSession", "The caller's session (404 "
                        + "when there is none)").response(CageWire.CageSessionInfo.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    CompatStore.Session s = sessions.current(who);
                    if (s == null) throw ApiException.notFound("No active session");
                    HttpApi.json(ctx, 200, sessions.info(who, s));
                });
        routes.add(CompatApi.CAGE, HandlerType.POST, "/api/v1/session", doc("cageCreateSession", "Start the caller's "
                        + "session (201), or answer the running one (200); reset_workspace starts afresh")
                        .request(CageWire.CageCreateSession.class).response(CageWire.CageSessionInfo.class)
                        .status(201, "Created"),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    CageWire.CageCreateSession req = HttpApi.body(ctx, CageWire.CageCreateSession.class);
                    CageExec.language(req.language());
                    boolean reset = Boolean.TRUE.equals(req.resetWorkspace());
                    boolean existed = sessions.current(who) != null;
                    if (reset && existed) sessions.terminate(who, true);
                    sessions.runningSandbox(who);
                    HttpApi.json(ctx, existed && !reset ? 200 : 201, sessions.info(who, sessions.current(who)));
                });
        routes.add(CompatApi.CAGE, HandlerType.DELETE, "/api/v1/session", doc("cageTerminateSession", "End the "
                        + "caller's session: its sandbox stops, files kept for the next one (purge_data=true destroys "
                        + "it); 404 when there is none").query("purge_data", "boolean", "also delete the workspace")
                        .status(204, "Terminated"),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    sessions.terminate(who, "true".equalsIgnoreCase(ctx.queryParam("purge_data")));
                    ctx.status(204);
                });

        CageMcp mcp = new CageMcp(auth, sessions, CageMcpTools.create(c.sessions(), exec, files), routes.http(),
                c.version());
        routes.http().javalin().addHttpHandler(HandlerType.WEBSOCKET_BEFORE_UPGRADE, "/mcp", mcp::admit);
        routes.add(CompatApi.CAGE, HandlerType.GET, "/mcp", doc("cageMcp", "CAGE's MCP server: upgrade to a WebSocket "
                        + "(no subprotocol) and send JSON-RPC 2.0 (initialize with params.user_id, tools/list, "
                        + "tools/call execute_code, list_files, upload_file, download_file). Without a key only in "
                        + "development mode; else ?token=<engine API key>").query("token", "string", "engine API key")
                        .status(101, "Switching Protocols"),
                ctx -> {
                    mcp.admit(ctx);
                    throw new ApiException(426, "Upgrade Required", "this is CAGE's MCP endpoint: connect a WebSocket");
                });
        routes.http().javalin().ws("/mcp", mcp::configure);
        return new CageRoutes(mcp);
    }

    private static Doc doc(String operationId, String summary) {
        return Doc.of(summary).tag(CompatApi.CAGE.tag()).operationId(operationId).security(SECURITY);
    }

    private static CageWire.CageUploaded upload(Context ctx, CompatIdentity who, CageSessions sessions, CageFiles files)
            throws IOException {
        String ct = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        if (ct.startsWith("multipart/form-data")) {
            return files.uploadMultipart(who.principal(), sessions.runningSandbox(who), ctx);
        }
        CageWire.CageUploadRequest req = HttpApi.body(ctx, CageWire.CageUploadRequest.class);
        CageFiles.target(req.path(), req.filename());
        if (req.content() == null) throw ApiException.badRequest("'content' (base64) is required");
        byte[] content;
        try {
            content = Base64.getDecoder().decode(req.content());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid base64 content");
        }
        return files.write(who.principal(), sessions.runningSandbox(who), req.path(), req.filename(),
                new ByteArrayInputStream(content), !Boolean.FALSE.equals(req.overwrite()));
    }

    @Override
    public void close() {
        mcp.close();
    }
}
