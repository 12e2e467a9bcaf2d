package dev.sandbench.engine.travel;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.CreateSandboxRequest;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sessions.AgentSession;
import dev.sandbench.engine.sessions.ReplayEvent;
import dev.sandbench.engine.sessions.SessionService;
import dev.sandbench.engine.snapshots.Snapshot;
import dev.sandbench.engine.snapshots.SnapshotService;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Restore to here" and "fork from here" for a point of a session: the newest snapshot at or
 * before the point, then the session's recorded file changes after it. Commands and terminals
 * change files too without recording them one by one; the plan counts them, so the caller knows
 * how exact the result is.
 */
public final class TimeTravel {
    private static final Set<String> UNRECORDED = Set.of("command", "code", "terminal_open");
    private final SessionService sessions;
    private final SnapshotService snapshots;
    private final SandboxService sandboxes;
    private final FileService files;

    public TimeTravel(SessionService sessions, SnapshotService snapshots, SandboxService sandboxes, FileService files) {
        this.sessions = sessions;
        this.snapshots = snapshots;
        this.sandboxes = sandboxes;
        this.files = files;
    }

    /** The plan for the point given by an event id (up to and including it) or a time. */
    public TravelPlan plan(Principal p, String sessionId, String eventId, String at) {
        return plan(p, sessionId, sessions.replay(p, sessionId), eventId, at);
    }

    private TravelPlan plan(Principal p, String sessionId, List<ReplayEvent> events, String eventId, String at) {
        AgentSession session = sessions.get(p, sessionId);
        int last = lastIncluded(events, eventId, at);
        Instant point = last >= 0 ? Instant.parse(events.get(last).timestamp())
                : at != null ? parse(at) : Instant.parse(session.startedAt());
        Snapshot base = null;
        for (Snapshot s : snapshots.history(p, session.sandboxId())) {
            if (!Instant.parse(s.createdAt()).isAfter(point)) base = s;
        }
        Instant from = base == null ? Instant.MIN : Instant.parse(base.createdAt());
        List<TravelPlan.Step> steps = new ArrayList<>();
        List<TravelPlan.Skipped> skipped = new ArrayList<>();
        int unrecorded = 0;
        for (int i = 0; i <= last; i++) {
            ReplayEvent e = events.get(i);
            if (!Instant.parse(e.timestamp()).isAfter(from)) continue;
            if (UNRECORDED.contains(e.type())) {
                unrecorded++;
                continue;
            }
            if (!e.type().startsWith("file_")) continue;
            String path = e.data().path("path").asText(null);
            if (path == null) continue;
            switch (e.type()) {
                case "file_write" -> {
                    if (e.data().path("after").isTextual()) {
                        steps.add(new TravelPlan.Step(e.id(), e.timestamp(), "write", path, null));
                    } else {
                        skipped.add(new TravelPlan.Skipped(e.id(), e.timestamp(), path,
                                "its content was not recorded (an upload, or text over the recording cap)"));
                    }
                }
                case "file_delete" -> steps.add(new TravelPlan.Step(e.id(), e.timestamp(), "delete", path, null));
                case "file_mkdir" -> steps.add(new TravelPlan.Step(e.id(), e.timestamp(), "mkdir", path, null));
                case "file_move" -> {
                    if (e.data().path("from").isTextual()) {
                        steps.add(new TravelPlan.Step(e.id(), e.timestamp(), "move", path, e.data().get("from").asText()));
                    } else {
                        skipped.add(new TravelPlan.Skipped(e.id(), e.timestamp(), path, "the move was recorded without its source"));
                    }
                }
                default -> skipped.add(new TravelPlan.Skipped(e.id(), e.timestamp(), path, "'" + e.type() + "' cannot be replayed"));
            }
        }
        return new TravelPlan(sessionId, session.sandboxId(), point.toString(), last >= 0 ? events.get(last).id() : null,
                base == null ? null : base.id(), base == null ? null : base.createdAt(), steps, skipped, unrecorded,
                base != null && skipped.isEmpty() && unrecorded == 0);
    }

    /** A new sandbox whose files are as they were at the point; the session's sandbox keeps running. */
    public TravelResult fork(Principal p, String sessionId, String eventId, String at) {
        List<ReplayEvent> events = sessions.replay(p, sessionId);
        TravelPlan plan = plan(p, sessionId, events, eventId, at);
        SandboxRecord source = sandboxes.find(p, plan.sandboxId());
        if (source == null) throw ApiException.notFound("sandbox " + plan.sandboxId() + " does not exist");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("forked_from", source.id());
        labels.put("session", sessionId);
        String name = (source.name() == null ? source.id() : source.name()) + " @ " + plan.at().substring(11, 19);
        CreateSandboxRequest req = new CreateSandboxRequest(source.template(), source.cpus(), source.memoryMb(),
                source.diskGb(), source.networkMode(), null, source.env(), null, source.timeoutSeconds(), null, null,
                null, null, null, null, source.budget(), null, null, name.length() > 200 ? name.substring(0, 200) : name,
                labels, source.pidsLimit(), plan.baseSnapshotId(), null, null);
        SandboxRecord created = sandboxes.create(p, req);
        int applied;
        try {
            applied = apply(events, plan, sandboxes.running(p, created.id()));
        } catch (RuntimeException e) {
            sandboxes.destroy(p, created.id());
            throw e;
        }
        return new TravelResult(sandboxes.view(sandboxes.get(p, created.id())), plan, applied);
    }

    /** Puts the session's sandbox back as it was at the point (it needs a snapshot at or before it). */
    public TravelResult restore(Principal p, String sessionId, String eventId, String at) {
        List<ReplayEvent> events = sessions.replay(p, sessionId);
        TravelPlan plan = plan(p, sessionId, events, eventId, at);
        if (plan.baseSnapshotId() == null) {
            throw ApiException.conflict("no snapshot of sandbox " + plan.sandboxId() + " was taken at or before "
                    + plan.at() + "; fork from here instead (it starts from a fresh sandbox)");
        }
        RunningSandbox live = sandboxes.running(p, plan.sandboxId());
        snapshots.restore(p, plan.baseSnapshotId());
        int applied = apply(events, plan, live);
        return new TravelResult(sandboxes.view(sandboxes.get(p, plan.sandboxId())), plan, applied);
    }

    private int apply(List<ReplayEvent> events, TravelPlan plan, RunningSandbox target) {
        if (plan.steps().isEmpty()) return 0;
        Map<String, ReplayEvent> byId = new java.util.HashMap<>();
        for (ReplayEvent e : events) byId.put(e.id(), e);
        int n = 0;
        for (TravelPlan.Step s : plan.steps()) {
            try {
                switch (s.action()) {
                    case "write" -> files.writeText(target, s.path(), byId.get(s.eventId()).data().get("after").asText());
                    case "delete" -> files.delete(target, s.path(), true);
                    case "mkdir" -> files.mkdir(target, s.path());
                    case "move" -> files.move(target, s.from(), s.path(), true);
                    default -> throw new IllegalStateException(s.action());
                }
                n++;
            } catch (ApiException e) {
                // A delete of something already gone, or a move whose source a command removed:
                // the recorded end state holds anyway; anything else is a real failure.
                if (e.status() != 404) throw e;
            }
        }
        return n;
    }

    private static int lastIncluded(List<ReplayEvent> events, String eventId, String at) {
        if (eventId != null) {
            for (int i = 0; i < events.size(); i++) if (events.get(i).id().equals(eventId)) return i;
            throw ApiException.notFound("event " + eventId + " is not in this session");
        }
        if (at == null) return events.size() - 1;
        Instant t = parse(at);
        int last = -1;
        for (int i = 0; i < events.size(); i++) if (!Instant.parse(events.get(i).timestamp()).isAfter(t)) last = i;
        return last;
    }

    private static Instant parse(String at) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'at' must be an RFC 3339 time, got " + at);
        }
    }
}
