package dev.sandbench.engine.git;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.files.SandboxPaths;

/** Git of a sandbox's workspace over REST (the MCP git tools are the same {@link Git}). */
public final class GitRoutes {
    private GitRoutes() {}

    public static void register(HttpApi api, Git git) {
        api.get("/v1/sandboxes/{id}/git/diff", Doc.of("The workspace's 'git diff' (unstaged changes) as a JSON string; "
                        + "an empty string when /workspace is not a git repository. Git runs inside the sandbox; 409 when "
                        + "the sandbox is not running, 413 when the diff is larger than the engine keeps of a command's "
                        + "output, 422 when the sandbox has no git").tag("files").response(String.class),
                (ctx, p) -> HttpApi.json(ctx, 200, git.diff(p, ctx.pathParam("id"), SandboxPaths.WORKSPACE)));
    }
}
