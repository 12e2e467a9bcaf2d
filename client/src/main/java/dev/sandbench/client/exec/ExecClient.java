package dev.sandbench.client.exec;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;

import java.time.Duration;

import static dev.sandbench.client.http.EngineHttp.seg;

/** Runs shell commands in sandboxes. */
public final class ExecClient {
    /** The engine's own default command timeout; the HTTP call waits this plus a margin. */
    private static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final EngineHttp http;

    public ExecClient(EngineHttp http) {
        this.http = http;
    }

    public ExecResult run(String sandboxId, String command) {
        return run(sandboxId, ExecRequest.of(command));
    }

    /** Runs a command and waits for it; the call's own timeout follows the command's. */
    @ApiRoute("POST /v1/sandboxes/{id}/exec")
    public ExecResult run(String sandboxId, ExecRequest request) {
        Duration command = request.timeoutMs() == null ? DEFAULT_COMMAND_TIMEOUT : Duration.ofMillis(request.timeoutMs());
        Duration call = command.plus(MARGIN);
        Request req = new Request.Builder().url(http.url("/v1/sandboxes/" + seg(sandboxId) + "/exec"))
                .post(http.json(request)).build();
        return http.call(http.withTimeouts(call, call), req, http.type(ExecResult.class));
    }
}
