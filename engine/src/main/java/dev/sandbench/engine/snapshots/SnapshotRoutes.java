package dev.sandbench.engine.snapshots;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.sandbox.SandboxService;

import java.nio.file.Files;
import java.nio.file.Path;

/** Snapshots (part A of the contract, plus import) and named workspaces. */
public final class SnapshotRoutes {
    public record CreateSnapshotRequest(String name, String description) {}

    public record DownloadUrl(String url, String expiresAt) {}

    /**
     * {@code GET /v1/workspaces}: an object, not a bare array, because Sandkasten's SDK reads
     * {@code workspaces} from it and the engine serves both on one path (docs/decisions/0014).
     */
    public record WorkspaceList(java.util.List<SandboxService.Workspace> workspaces) {}

    private SnapshotRoutes() {}

    public static void register(HttpApi api, SnapshotService snapshots, SandboxService sandboxes) {
        api.get("/v1/sandboxes/{id}/snapshots", Doc.of("The sandbox's snapshots, oldest first").tag("snapshots")
                .responseList(Snapshot.class),
                (ctx, p) -> HttpApi.json(ctx, 200, snapshots.list(p, ctx.pathParam("id"))));
        api.post("/v1/sandboxes/{id}/snapshots", Doc.of("Snapshot the sandbox's files (workspace, home, tmp); a "
                        + "running sandbox is frozen while they are archived").tag("snapshots")
                .optionalRequest(CreateSnapshotRequest.class).response(Snapshot.class).status(201, "Created"),
                (ctx, p) -> {
                    CreateSnapshotRequest req = HttpApi.body(ctx, CreateSnapshotRequest.class);
                    HttpApi.json(ctx, 201, snapshots.create(p, ctx.pathParam("id"), req.name(), req.description(), "manual"));
                });
        api.get("/v1/snapshots/{sid}", Doc.of("A snapshot").tag("snapshots").response(Snapshot.class),
                (ctx, p) -> HttpApi.json(ctx, 200, snapshots.get(p, ctx.pathParam("sid"))));
        api.delete("/v1/snapshots/{sid}", Doc.of("Delete a snapshot and its archive").tag("snapshots").status(204, "Deleted"),
                (ctx, p) -> {
                    snapshots.delete(p, ctx.pathParam("sid"));
                    ctx.status(204);
                });
        api.get("/v1/snapshots/{sid}/download", Doc.of("A URL that serves the archive (tar.zst or tar.gz) for "
                        + SnapshotService.DOWNLOAD_VALIDITY.toMinutes() + " minutes without other credentials").tag("snapshots")
                .response(DownloadUrl.class),
                (ctx, p) -> {
                    String base = ctx.scheme() + "://" + ctx.host();
                    String url = snapshots.downloadUrl(p, ctx.pathParam("sid"), base);
                    String expires = dev.sandbench.engine.core.Ids.timestamp(java.time.Instant.ofEpochSecond(
                            Long.parseLong(url.replaceAll(".*expires=(\\d+).*", "$1"))));
                    HttpApi.json(ctx, 200, new DownloadUrl(url, expires));
                });
        api.publicGet("/v1/snapshots/{sid}/archive", Doc.of("The archive behind a download URL (signed, time-limited)")
                .tag("snapshots").requiredQuery("expires", "integer", "from the download URL")
                .requiredQuery("signature", "string", "from the download URL").response(byte[].class)
                .responseMediaType("application/octet-stream"),
                ctx -> {
                    String sid = ctx.pathParam("sid");
                    Path file = snapshots.signedArchive(sid, ctx.queryParam("expires"), ctx.queryParam("signature"));
                    if (file == null) {
                        throw ApiException.forbidden("the download link is invalid or has expired; ask for a new one");
                    }
                    String format = snapshots.format(sid);
                    ctx.disableCompression();
                    ctx.contentType(format.equals(Archives.ZSTD) ? "application/zstd" : "application/gzip");
                    ctx.header("Content-Disposition", "attachment; filename=\"" + sid + "." + format + "\"");
                    ctx.header("Content-Length", Long.toString(Files.size(file)));
                    ctx.result(Files.newInputStream(file));
                });
        api.post("/v1/snapshots/{sid}/restore", Doc.of("Put the snapshot's files back into its sandbox (files added "
                        + "since are removed, deleted ones come back, modes kept)").tag("snapshots").response(Snapshot.class),
                (ctx, p) -> HttpApi.json(ctx, 200, snapshots.restore(p, ctx.pathParam("sid"))));
        api.post("/v1/snapshots/import", Doc.of("Create a snapshot of a sandbox from an uploaded archive (as served by "
                        + "download); unsafe or corrupt archives are refused").tag("snapshots")
                .requiredQuery("sandbox_id", "string", "the sandbox the snapshot belongs to")
                .query("name", "string", "a name").request(byte[].class).requestMediaType("application/octet-stream")
                .response(Snapshot.class).status(201, "Created"),
                (ctx, p) -> {
                    String sandbox = ctx.queryParam("sandbox_id");
                    if (sandbox == null) throw ApiException.badRequest("'sandbox_id' is required");
                    HttpApi.json(ctx, 201, snapshots.importArchive(p, sandbox, ctx.queryParam("name"), ctx.req().getInputStream()));
                });
        api.get("/v1/workspaces", Doc.of("Named workspaces (they outlive sandboxes), as {\"workspaces\": [...]}")
                .tag("workspaces").response(WorkspaceList.class),
                (ctx, p) -> HttpApi.json(ctx, 200, new WorkspaceList(sandboxes.workspaces(p))));
        api.delete("/v1/workspaces/{workspace_id}", Doc.of("Delete a named workspace and its files (409 while a sandbox "
                        + "mounts it)").tag("workspaces").status(204, "Deleted"),
                (ctx, p) -> {
                    sandboxes.deleteWorkspace(p, ctx.pathParam("workspace_id"));
                    ctx.status(204);
                });
    }
}
