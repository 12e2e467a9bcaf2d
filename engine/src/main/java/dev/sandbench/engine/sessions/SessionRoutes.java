package dev.sandbench.engine.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.api.Route.Doc;

import java.util.List;

/** Agent sessions, replay, summaries, export, and event ingestion. */
public final class SessionRoutes {
    /** Body of {@code POST /v1/events/ingest}. */
    public record IngestRequest(List<IngestEvent> events) {}

    /** One ingested event; {@code data} holds the type's fields (llm_call: model, tokens_in, tokens_out, cost_usd, prompt, response). */
    public record IngestEvent(String type, String sandboxId, JsonNode data, String id, String sessionId, String timestamp) {}

    private SessionRoutes() {}

    public static void register(HttpApi api, SessionService sessions) {
        api.post("/v1/events/ingest", Doc.of("Add agent events (llm_call, tool_call, message, error, any other type) to "
                        + "sessions; at most 1000 a batch; an id already stored is accepted again without a duplicate. "
                        + "While an agent session (session_id) is active, the engine records the sandbox's commands and file "
                        + "changes into it too; a session_end event (data.status completed or failed) ends it. The answer "
                        + "is exactly {accepted, errors} (clients of the Caged API build an object from its keys); with "
                        + "detail=full it adds problems, the index and reason of each refused event")
                .tag("sessions").request(IngestRequest.class)
                .query("detail", "string", "counts (default: exactly accepted and errors) or full (adds problems)")
                .response(IngestResult.class),
                (ctx, p) -> {
                    String detail = ctx.queryParam("detail") == null ? "counts" : ctx.queryParam("detail");
                    if (!detail.equals("counts") && !detail.equals("full")) {
                        throw ApiException.badRequest("detail must be 'counts' or 'full', got '" + detail + "'");
                    }
                    HttpApi.requireJson(ctx);
                    IngestResult result = sessions.ingest(p, Json.tree(ctx.body()));
                    HttpApi.json(ctx, 200, detail.equals("full") ? result : result.counts());
                });
        api.get("/v1/sandboxes/{id}/sessions", Doc.of("The sandbox's sessions").tag("sessions")
                .responseList(AgentSession.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sessions.list(p, ctx.pathParam("id"))));
        api.get("/v1/sessions/{sid}", Doc.of("A session with its totals").tag("sessions").response(AgentSession.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sessions.get(p, ctx.pathParam("sid"))));
        api.get("/v1/sessions/{sid}/replay", Doc.of("The session's events in time order").tag("sessions")
                .responseList(ReplayEvent.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sessions.replayRaw(p, ctx.pathParam("sid"))));
        api.get("/v1/sessions/{sid}/replay/summary", Doc.of("Totals: events, duration, tokens, cost, tools, files, "
                        + "trust score and the factors that lowered it")
                .tag("sessions").response(SessionSummary.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sessions.summary(p, ctx.pathParam("sid"))));
        api.get("/v1/trust/sandboxes/{id}", Doc.of("Trust of each of the sandbox's sessions: a score in 0..1 (1 = no "
                        + "risk signal seen) and what each factor (destructive_commands, credential_access, "
                        + "outside_workspace_writes, network_attempts, permission_denials, runaway_resources) costs")
                .tag("sessions").responseList(dev.sandbench.engine.trust.TrustScore.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sessions.trust(p, ctx.pathParam("id"))));
        api.get("/v1/sessions/{sid}/export", Doc.of("The whole session as JSON (format=json), or a terminal of it as "
                        + "an asciinema v2 cast (format=cast)").tag("sessions")
                .query("format", "string", "json (default) or cast (asciinema v2 of a terminal)")
                .query("terminal_id", "string", "with format=cast: which terminal (default: the first)")
                .response(java.util.Map.class),
                (ctx, p) -> {
                    String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
                    if (format.equals("cast")) {
                        String cast = sessions.exportCast(p, ctx.pathParam("sid"), ctx.queryParam("terminal_id"));
                        ctx.header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("sid") + ".cast\"");
                        ctx.contentType("application/x-asciicast");
                        ctx.result(cast);
                        return;
                    }
                    if (!format.equals("json")) throw ApiException.badRequest("format must be 'json' or 'cast'");
                    ctx.header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("sid") + ".json\"");
                    HttpApi.json(ctx, 200, sessions.exportJson(p, ctx.pathParam("sid")));
                });
    }
}
