package dev.sandbench.engine.exec;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;

/** {@code POST /v1/sandboxes/{id}/exec}. */
public final class ExecRoutes {
    private ExecRoutes() {}

    public static void register(HttpApi api, ExecService exec) {
        api.post("/v1/sandboxes/{id}/exec", Doc.of("Run a shell command in the sandbox and wait for it").tag("exec")
                .request(ExecRequest.class).response(ExecResult.class),
                (ctx, p) -> HttpApi.json(ctx, 200,
                        exec.exec(p, ctx.pathParam("id"), HttpApi.body(ctx, ExecRequest.class))));
    }
}
