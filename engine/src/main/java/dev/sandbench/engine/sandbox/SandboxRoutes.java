package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.runtime.SandboxCgroup;

/** Sandbox lifecycle, stats, logs and ports. */
public final class SandboxRoutes {
    private SandboxRoutes() {}

    public static void register(HttpApi api, SandboxService sandboxes) {
        api.post("/v1/sandboxes", Doc.of("Create a sandbox. 'template' is a local template (GET /v1/templates) or a name "
                        + "from another platform (node-20, python-312, python:3.11-slim, nodejs, ubuntu, debian, base...), "
                        + "which resolves to the nearest local template: the sandbox keeps the name as asked in 'template' "
                        + "and reports resolved_template and runtime_versions, and its log says what the name resolved to. "
                        + "An unknown template is a 400 listing the names; a Python of another major version a 422")
                .tag("sandboxes")
                .optionalRequest(CreateSandboxRequest.class).response(SandboxView.class).status(201, "Created"),
                (ctx, p) -> HttpApi.json(ctx, 201,
                        sandboxes.view(sandboxes.create(p, HttpApi.body(ctx, CreateSandboxRequest.class)))));
        api.get("/v1/sandboxes", Doc.of("List the account's sandboxes").tag("sandboxes").responseList(SandboxView.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sandboxes.list(p).stream().map(sandboxes::view).toList()));
        api.get("/v1/sandboxes/{id}", Doc.of("Get a sandbox").tag("sandboxes").response(SandboxView.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sandboxes.view(sandboxes.get(p, ctx.pathParam("id")))));
        api.delete("/v1/sandboxes/{id}", Doc.of("Destroy a sandbox: kill its processes and delete its files")
                .tag("sandboxes").status(204, "Destroyed"),
                (ctx, p) -> {
                    sandboxes.destroy(p, ctx.pathParam("id"));
                    ctx.status(204);
                });
        api.post("/v1/sandboxes/{id}/pause", Doc.of("Freeze every process of the sandbox").tag("sandboxes")
                .response(SandboxView.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sandboxes.view(sandboxes.pause(p, ctx.pathParam("id")))));
        api.post("/v1/sandboxes/{id}/resume", Doc.of("Resume a paused sandbox").tag("sandboxes")
                .response(SandboxView.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sandboxes.view(sandboxes.resume(p, ctx.pathParam("id")))));
        api.post("/v1/sandboxes/{id}/stop", Doc.of("Stop the sandbox's processes, keeping its files").tag("sandboxes")
                .response(SandboxView.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sandboxes.view(sandboxes.stop(p, ctx.pathParam("id")))));
        api.post("/v1/sandboxes/{id}/start", Doc.of("Start a stopped sandbox again").tag("sandboxes")
                .response(SandboxView.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sandboxes.view(sandboxes.start(p, ctx.pathParam("id")))));
        api.get("/v1/sandboxes/{id}/stats", Doc.of("Resource use of the sandbox").tag("sandboxes")
                .response(SandboxStats.class),
                (ctx, p) -> {
                    SandboxRecord r = sandboxes.get(p, ctx.pathParam("id"));
                    SandboxCgroup.CgroupStats c = sandboxes.cgroupStats(r.id());
                    HttpApi.json(ctx, 200, new SandboxStats(r.id(), r.status(), Ids.now(), c.cpuUsageUsec(),
                            c.memoryBytes(), c.memoryLimit() < 0 || c.memoryLimit() == Long.MAX_VALUE
                                    ? (long) r.memoryMb() << 20 : c.memoryLimit(),
                            c.memoryPeak(), c.pids(), c.pidsLimit() < 0 ? r.pidsLimit() : c.pidsLimit(),
                            sandboxes.diskBytes(r.id()), (long) (r.diskGb() * (1L << 30)), c.oomKills()));
                });
        api.get("/v1/sandboxes/{id}/logs", Doc.of("The sandbox's engine log, oldest first").tag("sandboxes")
                .query("tail", "integer", "how many of the newest entries (default 100, at most 5000)")
                .responseList(SandboxLogs.LogEntry.class),
                (ctx, p) -> {
                    SandboxRecord r = sandboxes.get(p, ctx.pathParam("id"));
                    int tail = intParam(ctx.queryParam("tail"), 100, "tail");
                    HttpApi.json(ctx, 200, sandboxes.logs().tail(r.id(), Math.min(tail, SandboxLogs.KEEP_PER_SANDBOX)));
                });
        api.get("/v1/sandboxes/{id}/ports", Doc.of("TCP ports listening inside the sandbox").tag("sandboxes")
                .responseList(Ports.Port.class),
                (ctx, p) -> {
                    SandboxRecord r = sandboxes.get(p, ctx.pathParam("id"));
                    if (!r.status().equals(SandboxStatus.RUNNING)) {
                        HttpApi.json(ctx, 200, java.util.List.of());
                        return;
                    }
                    HttpApi.json(ctx, 200, Ports.listening(sandboxes.running(p, r.id()).initPid()));
                });
    }

    static int intParam(String raw, int dflt, String name) {
        if (raw == null || raw.isBlank()) return dflt;
        try {
            int v = Integer.parseInt(raw);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a non-negative integer, got '" + raw + "'");
        }
    }
}
