package dev.sandbench.engine.exec;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;

/** Commands, streamed commands and code (background jobs of them: jobs.JobRoutes). */
public final class ExecRoutes {
    /** One event of {@code /exec/stream}: a {@code chunk} carries chunk/stream/timestamp, {@code done} exit_code/duration_ms/cwd. */
    public record StreamEvent(String chunk, String stream, String timestamp, Integer exitCode, Long durationMs, String cwd,
                              String message) {}

    private ExecRoutes() {}

    public static void register(HttpApi api, ExecService exec, CodeService code) {
        api.post("/v1/sandboxes/{id}/exec", Doc.of("Run a shell command in the sandbox and wait for it; with session_id "
                        + "it runs in a named long-lived shell that keeps cd and export").tag("exec")
                .request(ExecRequest.class).response(ExecResult.class),
                (ctx, p) -> HttpApi.json(ctx, 200,
                        exec.exec(p, ctx.pathParam("id"), HttpApi.body(ctx, ExecRequest.class))));
        api.post("/v1/sandboxes/{id}/exec/stream", Doc.of("Run a command and stream its output as Server-Sent "
                        + "Events: chunk events while it runs, then done (or error)").tag("exec")
                .request(ExecRequest.class).response(StreamEvent.class).responseMediaType("text/event-stream"),
                (ctx, p) -> {
                    ExecRequest req = HttpApi.body(ctx, ExecRequest.class);
                    if (req.sessionId() != null) {
                        throw ApiException.unprocessable("streaming runs a fresh process; session_id is for POST /exec");
                    }
                    ExecService.Prepared x = exec.prepare(p, ctx.pathParam("id"), req);
                    ExecStreamer.stream(ctx, exec, x, req.command());
                });
        api.post("/v1/sandboxes/{id}/code", Doc.of("Run code in a language (python, javascript, typescript, bash, ruby, "
                        + "go, r, julia, wasm where the sandbox has the toolchain; 422 naming what is missing otherwise). "
                        + "persistent: true keeps a live python or javascript interpreter between calls").tag("code")
                .request(CodeRequest.class).response(CodeResult.class),
                (ctx, p) -> HttpApi.json(ctx, 200, code.run(p, ctx.pathParam("id"), HttpApi.body(ctx, CodeRequest.class))));
    }
}
