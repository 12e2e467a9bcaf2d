package dev.sandbench.client.sandboxes;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;

import java.util.List;

import static dev.sandbench.client.http.EngineHttp.seg;

/** Sandbox lifecycle, stats, logs, ports and egress rules. */
public final class SandboxesClient {
    private final EngineHttp http;

    public SandboxesClient(EngineHttp http) {
        this.http = http;
    }

    /** Creates a sandbox and returns it running (or throws with the engine's reason). */
    @ApiRoute("POST /v1/sandboxes")
    public Sandbox create(CreateSandbox request) {
        return http.call(post("/v1/sandboxes", request), Sandbox.class);
    }

    /** Creates a sandbox with every default (template "minimal", no network). */
    public Sandbox create() {
        return create(CreateSandbox.builder().build());
    }

    @ApiRoute("GET /v1/sandboxes")
    public List<Sandbox> list() {
        return http.call(getRequest("/v1/sandboxes"), http.listOf(Sandbox.class));
    }

    @ApiRoute("GET /v1/sandboxes/{id}")
    public Sandbox get(String id) {
        return http.call(getRequest("/v1/sandboxes/" + seg(id)), Sandbox.class);
    }

    /** Kills every process of the sandbox and deletes its files. */
    @ApiRoute("DELETE /v1/sandboxes/{id}")
    public void destroy(String id) {
        http.send(new Request.Builder().url(http.url("/v1/sandboxes/" + seg(id))).delete().build());
    }

    @ApiRoute("POST /v1/sandboxes/{id}/pause")
    public Sandbox pause(String id) {
        return http.call(post("/v1/sandboxes/" + seg(id) + "/pause", null), Sandbox.class);
    }

    @ApiRoute("POST /v1/sandboxes/{id}/resume")
    public Sandbox resume(String id) {
        return http.call(post("/v1/sandboxes/" + seg(id) + "/resume", null), Sandbox.class);
    }

    /** Stops the sandbox's processes and keeps its files; {@link #start} brings it back. */
    @ApiRoute("POST /v1/sandboxes/{id}/stop")
    public Sandbox stop(String id) {
        return http.call(post("/v1/sandboxes/" + seg(id) + "/stop", null), Sandbox.class);
    }

    @ApiRoute("POST /v1/sandboxes/{id}/start")
    public Sandbox start(String id) {
        return http.call(post("/v1/sandboxes/" + seg(id) + "/start", null), Sandbox.class);
    }

    @ApiRoute("GET /v1/sandboxes/{id}/stats")
    public SandboxStats stats(String id) {
        return http.call(getRequest("/v1/sandboxes/" + seg(id) + "/stats"), SandboxStats.class);
    }

    /** The newest {@code tail} log entries, oldest first. */
    @ApiRoute("GET /v1/sandboxes/{id}/logs")
    public List<LogEntry> logs(String id, int tail) {
        return http.call(new Request.Builder().url(http.url("/v1/sandboxes/" + seg(id) + "/logs", "tail", tail)).get().build(),
                http.listOf(LogEntry.class));
    }

    @ApiRoute("GET /v1/sandboxes/{id}/ports")
    public List<Port> ports(String id) {
        return http.call(getRequest("/v1/sandboxes/" + seg(id) + "/ports"), http.listOf(Port.class));
    }

    /** The sandbox's egress rules, what is refused by default, and what its allowed and denied names resolved to. */
    @ApiRoute("GET /v1/sandboxes/{id}/egress")
    public EgressPolicy egress(String id) {
        return http.call(getRequest("/v1/sandboxes/" + seg(id) + "/egress"), EgressPolicy.class);
    }

    /**
     * Replaces the sandbox's egress rules. A running sandbox follows them from its next connection,
     * without a restart; connections already open stay.
     */
    @ApiRoute("PUT /v1/sandboxes/{id}/egress")
    public EgressPolicy setEgress(String id, EgressRules rules) {
        return http.call(new Request.Builder().url(http.url("/v1/sandboxes/" + seg(id) + "/egress")).put(http.json(rules)).build(),
                EgressPolicy.class);
    }

    private Request getRequest(String path) {
        return new Request.Builder().url(http.url(path)).get().build();
    }

    private Request post(String path, Object body) {
        return new Request.Builder().url(http.url(path)).post(http.json(body)).build();
    }
}
