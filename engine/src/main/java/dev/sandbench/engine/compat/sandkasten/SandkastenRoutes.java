package dev.sandbench.engine.compat.sandkasten;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatRoutes;
import dev.sandbench.engine.compat.CompatServices;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.snapshots.SnapshotRoutes;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.Map;
import java.util.regex.Pattern;

import static dev.sandbench.engine.compat.sandkasten.SandkastenErrors.error;

/**
 * Sandkasten's API ({@code p-arndt/sandkasten}) at the root paths its SDK uses, beside the
 * engine's own {@code /v1}. {@code GET /v1/sessions/{id}} is both Sandkasten's session info and
 * Caged's agent session: an id naming an open Sandkasten session is answered here, any other goes
 * on to the agent sessions. {@code /v1/workspaces} is the engine's own route (one shape, an
 * object), taken here only for the quick-start key.
 */
public final class SandkastenRoutes implements AutoCloseable {
    static final String SECURITY = "sandkastenBearer";
    private static final Pattern WORKSPACE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}[a-z0-9]");

    private final SandkastenShell shell;

    private SandkastenRoutes(SandkastenShell shell) {
        this.shell = shell;
    }

    public static SandkastenRoutes register(CompatServices c) {
        CompatRoutes routes = c.routes();
        routes.errorShape(CompatApi.SANDKASTEN, SandkastenErrors.SHAPE);
        routes.unmatchedUnder("/v1/sessions", ctx -> SandkastenErrors.SHAPE);
        routes.unmatchedUnder("/healthz", ctx -> SandkastenErrors.SHAPE);
        routes.http().openApi().securityScheme(SECURITY, Map.of("type", "http", "scheme", "bearer", "description",
                "an engine API key; in development mode also sk-sandbox-quickstart"));
        SandkastenAuth auth = new SandkastenAuth(c.auth());
        SandkastenSessions sessions = new SandkastenSessions(c.store(), c.sandboxes());
        SandkastenShell shell = new SandkastenShell(c.exec(), sessions);
        SandkastenFiles files = new SandkastenFiles(c.sandboxes().service(), c.files(), c.fileChanges());

        routes.add(CompatApi.SANDKASTEN, HandlerType.POST, "/v1/sessions", doc("sandkastenCreateSession", "Create a "
                        + "session: a sandbox from image base, python or node, living ttl_seconds (default 1800), "
                        + "optionally on a named workspace").request(SandkastenWire.SandkastenCreate.class)
                        .response(SandkastenWire.SandkastenSession.class).status(201, "Created"),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    SandkastenWire.SandkastenCreate req = HttpApi.body(ctx, SandkastenWire.SandkastenCreate.class);
                    HttpApi.json(ctx, 201, sessions.create(who, req));
                });
        routes.add(CompatApi.SANDKASTEN, HandlerType.GET, "/v1/sessions", doc("sandkastenListSessions", "The "
                        + "account's live Sandkasten sessions (an array)").responseList(SandkastenWire.SandkastenSession.class),
                ctx -> HttpApi.json(ctx, 200, sessions.list(auth.identify(ctx))));
        routes.share("GET", "/v1/sessions/{sid}", CompatApi.SANDKASTEN,
                ctx -> SandkastenAuth.quickstart(ctx) || sessions.isOpen(ctx.pathParam("sid")),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    HttpApi.json(ctx, 200, sessions.info(who, sessions.find(who, ctx.pathParam("sid"))));
                });
        routes.add(CompatApi.SANDKASTEN, HandlerType.DELETE, "/v1/sessions/{id}", doc("sandkastenDestroySession",
                        "Destroy a session and its sandbox").response(SandkastenWire.SandkastenOk.class),
                ctx -> {
                    sessions.destroy(auth.identify(ctx), ctx.pathParam("id"));
                    HttpApi.json(ctx, 200, new SandkastenWire.SandkastenOk(true));
                });
        routes.add(CompatApi.SANDKASTEN, HandlerType.GET, "/v1/sessions/{id}/stats", doc("sandkastenStats", "Memory "
                        + "and CPU use of the session's sandbox").response(SandkastenWire.SandkastenStats.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    String sandboxId = sessions.running(who, sessions.find(who, ctx.pathParam("id")));
                    var st = c.sandboxes().service().cgroupStats(sandboxId);
                    HttpApi.json(ctx, 200, new SandkastenWire.SandkastenStats(Math.max(0, st.memoryBytes()),
                            Math.max(0, st.memoryLimit()), Math.max(0, st.cpuUsageUsec())));
                });
        routes.add(CompatApi.SANDKASTEN, HandlerType.POST, "/v1/sessions/{id}/exec", doc("sandkastenExec", "Run a "
                        + "command in the session's shell (cd and exports persist); 504 past timeout_ms")
                        .request(SandkastenWire.SandkastenExec.class).response(SandkastenWire.SandkastenExecResult.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    SandkastenWire.SandkastenExec body = HttpApi.body(ctx, SandkastenWire.SandkastenExec.class);
                    HttpApi.json(ctx, 200, shell.exec(who, ctx.pathParam("id"), body));
                });
        routes.add(CompatApi.SANDKASTEN, HandlerType.POST, "/v1/sessions/{id}/exec/stream", doc("sandkastenExecStream",
                        "Run a command in the session's shell and stream its output as Server-Sent Events: chunk "
                                + "events, then done (or error)").request(SandkastenWire.SandkastenExec.class)
                        .response(SandkastenWire.SandkastenStreamEvent.class).responseMediaType("text/event-stream"),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    SandkastenWire.SandkastenExec body = HttpApi.body(ctx, SandkastenWire.SandkastenExec.class);
                    shell.stream(ctx, who, ctx.pathParam("id"), body);
                });
        routes.add(CompatApi.SANDKASTEN, HandlerType.POST, "/v1/sessions/{id}/fs/write", doc("sandkastenWrite", "Write "
                        + "a file from content_base64 (or text)").request(SandkastenWire.SandkastenWrite.class)
                        .response(SandkastenWire.SandkastenOk.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    SandkastenWire.SandkastenWrite body = HttpApi.body(ctx, SandkastenWire.SandkastenWrite.class);
                    String path = SandkastenFiles.path(body.path());
                    byte[] content = SandkastenFiles.content(body);
                    files.write(who.principal(), sandbox(who, sessions, ctx), path, content);
                    HttpApi.json(ctx, 200, new SandkastenWire.SandkastenOk(true));
                });
        routes.add(CompatApi.SANDKASTEN, HandlerType.GET, "/v1/sessions/{id}/fs/read", doc("sandkastenRead", "Read a "
                        + "file as content_base64").requiredQuery("path", "string", "relative to /workspace, or inside it")
                        .query("max_bytes", "integer", "read at most this many bytes")
                        .response(SandkastenWire.SandkastenRead.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    String path = SandkastenFiles.path(ctx.queryParam("path"));
                    long max = maxBytes(ctx.queryParam("max_bytes"));
                    HttpApi.json(ctx, 200, files.read(who.principal(), sandbox(who, sessions, ctx), path, max));
                });
        routes.add(CompatApi.SANDKASTEN, HandlerType.POST, "/v1/sessions/{id}/fs/upload", doc("sandkastenUpload",
                        "Upload files (multipart: a path field, file or files parts; at most 10 MiB)")
                        .request(byte[].class).requestMediaType("multipart/form-data")
                        .response(SandkastenWire.SandkastenUploaded.class),
                ctx -> {
                    CompatIdentity who = auth.identify(ctx);
                    HttpApi.json(ctx, 200, files.upload(who.principal(), sandbox(who, sessions, ctx), ctx));
                });
        routes.add(CompatApi.SANDKASTEN, HandlerType.GET, "/healthz", Doc.of("Sandkasten's health check")
                        .tag(CompatApi.SANDKASTEN.tag()).operationId("sandkastenHealth")
                        .response(SandkastenWire.SandkastenHealth.class).publicRoute(),
                ctx -> HttpApi.json(ctx, 200, new SandkastenWire.SandkastenHealth("ok")));

        routes.share("GET", "/v1/workspaces", CompatApi.SANDKASTEN, SandkastenAuth::quickstart, ctx -> {
            CompatIdentity who = auth.identify(ctx);
            HttpApi.json(ctx, 200, new SnapshotRoutes.WorkspaceList(c.sandboxes().service().workspaces(who.principal())));
        });
        routes.share("DELETE", "/v1/workspaces/{workspace_id}", CompatApi.SANDKASTEN, SandkastenAuth::quickstart, ctx -> {
            CompatIdentity who = auth.identify(ctx);
            String id = ctx.pathParam("workspace_id");
            if (!WORKSPACE.matcher(id).matches()) {
                throw error(400, "INVALID_WORKSPACE", "workspace id must be 2-64 lowercase letters, digits and hyphens");
            }
            c.sandboxes().service().deleteWorkspace(who.principal(), id);
            HttpApi.json(ctx, 200, new SandkastenWire.SandkastenOk(true));
        });
        return new SandkastenRoutes(shell);
    }

    private static String sandbox(CompatIdentity who, SandkastenSessions sessions, Context ctx) {
        CompatStore.Session s = sessions.find(who, ctx.pathParam("id"));
        return sessions.running(who, s);
    }

    private static long maxBytes(String raw) {
        if (raw == null || raw.isBlank()) return 0;
        try {
            long n = Long.parseLong(raw);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw error(400, "INVALID_REQUEST", "max_bytes must be a non-negative integer, got " + raw);
        }
    }

    private static Doc doc(String operationId, String summary) {
        return Doc.of(summary).tag(CompatApi.SANDKASTEN.tag()).operationId(operationId).security(SECURITY);
    }

    @Override
    public void close() {
        shell.close();
    }
}
