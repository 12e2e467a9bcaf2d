package dev.sandbench.engine.snapshots;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.files.SandboxPaths;

/** Snapshot comparison: what changed since a snapshot, and a file's text as the snapshot has it. */
public final class CompareRoutes {
    private CompareRoutes() {}

    public static void register(HttpApi api, SnapshotCompare compare) {
        api.get("/v1/snapshots/{sid}/diff", Doc.of("Files added, modified and deleted between the snapshot and its "
                        + "sandbox now (against=current, the default) or another snapshot (against=<snapshot id>)")
                .tag("snapshots").query("against", "string", "current (default) or a snapshot id")
                .response(SnapshotDiff.class),
                (ctx, p) -> HttpApi.json(ctx, 200, compare.diff(p, ctx.pathParam("sid"), ctx.queryParam("against"))));
        api.get("/v1/snapshots/{sid}/files/content", Doc.of("A UTF-8 text file (at most 10 MiB) as the snapshot has "
                        + "it, as a JSON string").tag("snapshots")
                .requiredQuery("path", "string", "file path as the sandbox sees it").response(String.class),
                (ctx, p) -> HttpApi.json(ctx, 200, compare.text(p, ctx.pathParam("sid"),
                        SandboxPaths.normalize(ctx.queryParam("path"), "path"))));
    }
}
