package dev.sandbench.engine.travel;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.events.EventBus;

import java.util.List;
import java.util.Map;

/** Time travel within a session: the plan, fork from a point, restore to a point. */
public final class TravelRoutes {
    /** A point of a session: an event id (up to and including it) or a time; neither means the end. */
    public record TravelRequest(String eventId, String at) {}

    private TravelRoutes() {}

    public static void register(HttpApi api, TimeTravel travel, EventBus events) {
        api.get("/v1/sessions/{sid}/travel", Doc.of("How the session's sandbox files would be rebuilt at a point: the "
                        + "newest snapshot at or before it, then the recorded file changes after it, with what cannot "
                        + "be replayed").tag("sessions")
                .query("event_id", "string", "the point: up to and including this event")
                .query("at", "string", "the point as an RFC 3339 time (when event_id is absent)")
                .response(TravelPlan.class),
                (ctx, p) -> HttpApi.json(ctx, 200, travel.plan(p, ctx.pathParam("sid"), ctx.queryParam("event_id"),
                        ctx.queryParam("at"))));
        api.post("/v1/sessions/{sid}/fork", Doc.of("Fork a new sandbox whose files are as they were at a point of the "
                        + "session; the session's sandbox keeps running").tag("sessions")
                .optionalRequest(TravelRequest.class).response(TravelResult.class).status(201, "Created"),
                (ctx, p) -> {
                    TravelRequest req = HttpApi.body(ctx, TravelRequest.class);
                    HttpApi.json(ctx, 201, travel.fork(p, ctx.pathParam("sid"), req.eventId(), req.at()));
                });
        api.post("/v1/sessions/{sid}/restore", Doc.of("Put the session's sandbox files back as they were at a point "
                        + "(409 when no snapshot was taken at or before it)").tag("sessions")
                .optionalRequest(TravelRequest.class).response(TravelResult.class),
                (ctx, p) -> {
                    TravelRequest req = HttpApi.body(ctx, TravelRequest.class);
                    TravelResult r = travel.restore(p, ctx.pathParam("sid"), req.eventId(), req.at());
                    events.publish(p.accountId(), "files.changed", r.sandbox().id(), Map.of("action", "restore",
                            "paths", List.of("/workspace", "/home/user", "/tmp"), "source", "api"));
                    HttpApi.json(ctx, 200, r);
                });
    }
}
