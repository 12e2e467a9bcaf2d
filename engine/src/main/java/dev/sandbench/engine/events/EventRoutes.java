package dev.sandbench.engine.events;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.api.Sse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code GET /v1/events/stream}: the caller's account's engine changes as Server-Sent Events. */
public final class EventRoutes {
    private EventRoutes() {}

    public static void register(HttpApi api, EventBus bus) {
        api.get("/v1/events/stream", Doc.of("Engine changes of the caller's account as Server-Sent Events: "
                        + "sandbox.created, sandbox.updated, sandbox.destroyed, sandbox.limit (memory, pids or disk limit "
                        + "hit), exec.timeout, files.changed, job.completed, snapshot.progress, session.updated (cost or "
                        + "trust changed), alert.raised, alert.resolved. Send "
                        + "Last-Event-ID to resume; a 'reset' event means reload.").tag("events")
                .query("last_event_id", "string", "resume after this event id (as the Last-Event-ID header)")
                .response(EngineEvent.class).responseMediaType("text/event-stream"),
                (ctx, p) -> {
                    String last = ctx.header("Last-Event-ID");
                    if (last == null) last = ctx.queryParam("last_event_id");
                    List<EngineEvent> replay = new ArrayList<>();
                    try (EventBus.Subscription sub = bus.subscribe(p.accountId(), last, replay)) {
                        Sse sse = Sse.start(ctx);
                        sse.send("hello", null, java.util.Map.of("last_event_id", bus.lastId()));
                        for (EngineEvent e : replay) sse.send(e.type(), e.id(), e);
                        long lastWrite = System.nanoTime();
                        while (!bus.closed()) {
                            EngineEvent e = sub.queue().poll(1, TimeUnit.SECONDS);
                            if (sub.overflowed()) {
                                sse.send("reset", null, java.util.Map.of("reason", "the client fell behind; reconnect"));
                                return;
                            }
                            if (e != null) {
                                sse.send(e.type(), e.id(), e);
                                lastWrite = System.nanoTime();
                            } else if (System.nanoTime() - lastWrite > TimeUnit.SECONDS.toNanos(15)) {
                                sse.keepAlive();
                                lastWrite = System.nanoTime();
                            }
                        }
                    } catch (IOException gone) {
                        // the client disconnected
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }
}
