package dev.sandbench.client.exec;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.sandbench.client.http.EngineHttp.seg;

/** Runs shell commands in sandboxes. */
public final class ExecClient {
    /** The engine's own default command timeout; the HTTP call waits this plus a margin. */
    private static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final EngineHttp http;
    private final okhttp3.OkHttpClient streaming;

    public ExecClient(EngineHttp http) {
        this.http = http;
        this.streaming = http.okHttp().newBuilder().callTimeout(Duration.ZERO).readTimeout(Duration.ZERO).build();
    }

    /**
     * Runs a command and streams its output to {@code listener} while it runs (Server-Sent
     * Events). Returns at once; {@link ExecStream#done()} completes when the command ends.
     */
    @ApiRoute("POST /v1/sandboxes/{id}/exec/stream")
    public ExecStream stream(String sandboxId, ExecRequest request, StreamListener listener) {
        Request req = new Request.Builder().url(http.url("/v1/sandboxes/" + seg(sandboxId) + "/exec/stream"))
                .header("Accept", "text/event-stream").post(http.json(request)).build();
        okhttp3.Call call = streaming.newCall(req);
        CompletableFuture<StreamDone> done = new CompletableFuture<>();
        streaming.dispatcher().executorService().execute(() -> {
            try (okhttp3.Response r = http.execute(call)) {
                dev.sandbench.client.http.SseReader sse = new dev.sandbench.client.http.SseReader(
                        new BufferedReader(new InputStreamReader(r.body().byteStream(), StandardCharsets.UTF_8)));
                for (dev.sandbench.client.http.SseReader.Event e; (e = sse.next()) != null; ) {
                    com.fasterxml.jackson.databind.JsonNode d = EngineHttp.MAPPER.readTree(e.data());
                    switch (e.name()) {
                        case "chunk" -> listener.onChunk(d.path("stream").asText(), d.path("chunk").asText());
                        case "done" -> done.complete(new StreamDone(d.path("exit_code").asInt(), d.path("duration_ms").asLong(),
                                d.path("cwd").asText(null), null));
                        case "error" -> done.complete(new StreamDone(d.path("exit_code").asInt(-1),
                                d.path("duration_ms").asLong(), null, d.path("message").asText()));
                        default -> { }
                    }
                }
                done.completeExceptionally(new dev.sandbench.client.TransportException("the stream ended without a result", null));
            } catch (java.io.IOException e) {
                done.completeExceptionally(EngineHttp.transport(req, e));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return new ExecStream(call, done);
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
