package dev.sandbench.client.code;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;

import java.time.Duration;

import static dev.sandbench.client.http.EngineHttp.seg;

/** Runs code in sandboxes, fresh or in a persistent interpreter. */
public final class CodeClient {
    private static final Duration DEFAULT = Duration.ofSeconds(60);
    private final EngineHttp http;

    public CodeClient(EngineHttp http) {
        this.http = http;
    }

    @ApiRoute("POST /v1/sandboxes/{id}/code")
    public CodeResult run(String sandboxId, CodeRequest request) {
        Duration call = (request.timeoutMs() == null ? DEFAULT : Duration.ofMillis(request.timeoutMs())).plusSeconds(30);
        Request req = new Request.Builder().url(http.url("/v1/sandboxes/" + seg(sandboxId) + "/code"))
                .post(http.json(request)).build();
        return http.call(http.withTimeouts(call, call), req, http.type(CodeResult.class));
    }
}
