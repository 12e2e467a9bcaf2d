package dev.sandbench.client.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;

import java.util.List;
import java.util.Map;

import static dev.sandbench.client.http.EngineHttp.seg;

/** Agent sessions: report events, list sessions, replay and summarise them. */
public final class SessionsClient {
    private final EngineHttp http;
    private final okhttp3.OkHttpClient slow;

    public SessionsClient(EngineHttp http) {
        this.http = http;
        // Forks and restores unpack a snapshot: longer than an ordinary call.
        this.slow = http.okHttp().newBuilder().callTimeout(java.time.Duration.ofMinutes(5))
                .readTimeout(java.time.Duration.ofMinutes(5)).build();
    }

    /**
     * Stores up to 1000 events; events with ids already stored are accepted again without duplicates.
     * The result names each refused event and why (the engine sends that only when asked: its plain
     * answer is the Caged contract's exact {@code accepted}/{@code errors}).
     */
    @ApiRoute("POST /v1/events/ingest")
    public IngestResult ingest(List<IngestEvent> events) {
        return http.call(new Request.Builder().url(http.url("/v1/events/ingest", "detail", "full"))
                .post(http.json(Map.of("events", events))).build(), IngestResult.class);
    }

    @ApiRoute("GET /v1/sandboxes/{id}/sessions")
    public List<AgentSession> list(String sandboxId) {
        return http.call(getRequest("/v1/sandboxes/" + seg(sandboxId) + "/sessions"), http.listOf(AgentSession.class));
    }

    @ApiRoute("GET /v1/sessions/{sid}")
    public AgentSession get(String sessionId) {
        return http.call(getRequest("/v1/sessions/" + seg(sessionId)), AgentSession.class);
    }

    @ApiRoute("GET /v1/sessions/{sid}/replay")
    public List<ReplayEvent> replay(String sessionId) {
        return http.call(getRequest("/v1/sessions/" + seg(sessionId) + "/replay"), http.listOf(ReplayEvent.class));
    }

    @ApiRoute("GET /v1/sessions/{sid}/replay/summary")
    public SessionSummary summary(String sessionId) {
        return http.call(getRequest("/v1/sessions/" + seg(sessionId) + "/replay/summary"), SessionSummary.class);
    }

    /** The trust score of each of the sandbox's sessions, with the factors that lowered it. */
    @ApiRoute("GET /v1/trust/sandboxes/{id}")
    public List<TrustScore> trust(String sandboxId) {
        return http.call(getRequest("/v1/trust/sandboxes/" + seg(sandboxId)), http.listOf(TrustScore.class));
    }

    /** How the sandbox's files would be rebuilt up to and including {@code eventId} (null: the end). */
    @ApiRoute("GET /v1/sessions/{sid}/travel")
    public TravelPlan travelPlan(String sessionId, String eventId) {
        return http.call(new Request.Builder().url(http.url("/v1/sessions/" + seg(sessionId) + "/travel",
                "event_id", eventId)).get().build(), TravelPlan.class);
    }

    /** A new sandbox with the files as they were at {@code eventId}; the session's sandbox keeps running. */
    @ApiRoute("POST /v1/sessions/{sid}/fork")
    public TravelResult forkAt(String sessionId, String eventId) {
        return travel(sessionId, "fork", eventId);
    }

    /** Puts the session's sandbox files back as they were at {@code eventId} (needs a snapshot at or before it). */
    @ApiRoute("POST /v1/sessions/{sid}/restore")
    public TravelResult restoreTo(String sessionId, String eventId) {
        return travel(sessionId, "restore", eventId);
    }

    private TravelResult travel(String sessionId, String action, String eventId) {
        Map<String, Object> body = new java.util.HashMap<>();
        if (eventId != null) body.put("event_id", eventId);
        Request req = new Request.Builder().url(http.url("/v1/sessions/" + seg(sessionId) + "/" + action))
                .post(http.json(body)).build();
        return http.call(slow, req, http.type(TravelResult.class));
    }

    /** The whole session as one JSON document (session, summary, events), for sharing and offline replay. */
    @ApiRoute("GET /v1/sessions/{sid}/export")
    public JsonNode exportJson(String sessionId) {
        return http.call(new Request.Builder().url(http.url("/v1/sessions/" + seg(sessionId) + "/export", "format", "json"))
                .get().build(), JsonNode.class);
    }

    /** A terminal of the session as an asciinema v2 cast (playable with {@code asciinema play}). */
    public String exportCast(String sessionId, String terminalId) {
        Request req = new Request.Builder().url(http.url("/v1/sessions/" + seg(sessionId) + "/export", "format", "cast",
                "terminal_id", terminalId)).get().build();
        try (okhttp3.Response r = http.execute(http.okHttp().newCall(req))) {
            return r.body().string();
        } catch (java.io.IOException e) {
            throw EngineHttp.transport(req, e);
        }
    }

    private Request getRequest(String path) {
        return new Request.Builder().url(http.url(path)).get().build();
    }
}
