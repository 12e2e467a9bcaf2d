package dev.sandbench.engine.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.core.EngineConfig;
import dev.sandbench.engine.events.EngineEvent;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.trust.RiskRules;
import dev.sandbench.engine.trust.TrustScore;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agent sessions: the timeline of what happened in a sandbox. The engine records its own
 * operations (commands, code, file changes, snapshots, lifecycle) into the sandbox's current
 * session through a background writer, so recording adds no database write to the operation;
 * agents add their own events (LLM and tool calls, messages, errors) through ingest, which is
 * durable before it answers and idempotent by event id.
 */
public final class SessionService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
    public static final int MAX_BATCH = 1000;
    /** Recorded command output and file contents are cut at this many characters. */
    public static final int CONTENT_CAP = 64 * 1024;

    /**
     * An event waiting to be written: its data as a tree, or (from a terminal) as JSON already,
     * with the text its input and output hold for the risk rules.
     */
    private record Recorded(String accountId, String sandboxId, String type, String timestamp, ObjectNode data,
                            String json, String input, String output) {
        Recorded(String accountId, String sandboxId, String type, String timestamp, ObjectNode data) {
            this(accountId, sandboxId, type, timestamp, data, null, null, null);
        }
    }

    private final Database db;
    private final SessionStore store;
    private final SandboxService sandboxes;
    private final Prices prices;
    private final dev.sandbench.engine.store.BatchWriter<Recorded> writer;

    private final boolean recording;
    private final EventBus bus;
    private final SessionRetention retention;
    /** Whether a sandbox has no network, by id (a sandbox's network mode never changes). */
    private final Map<String, Boolean> offline = new ConcurrentHashMap<>();

    public SessionService(Database db, SandboxService sandboxes, EventBus bus, Path dataDir, boolean recording,
                          EngineConfig.SessionRetention retention) throws IOException {
        this.recording = recording;
        this.db = db;
        this.store = new SessionStore(db);
        this.sandboxes = sandboxes;
        this.bus = bus;
        this.prices = new Prices(dataDir.resolve("prices.json"));
        this.writer = new dev.sandbench.engine.store.BatchWriter<>("session-recorder", 100_000, this::write);
        this.retention = new SessionRetention(store, retention);
    }

    /** Records an engine operation into the sandbox's current session (asynchronously, in order). */
    public void record(String accountId, String sandboxId, String type, Map<String, Object> data) {
        if (!recording) return;
        ObjectNode node = Json.MAPPER.valueToTree(data);
        if (!writer.offer(new Recorded(accountId, sandboxId, type, Ids.now(), node))) {
            LOG.warn("session recorder is {} events behind; dropping a {} event", writer.backlog(), type);
        }
    }

    /**
     * Records an event whose data is JSON already, with the text it ran ({@code input}) and got
     * back ({@code output}) for the risk rules: a terminal's output is escaped once, for its
     * frames, and neither turned into a tree nor escaped again here.
     */
    public void recordJson(String accountId, String sandboxId, String type, String json, String input, String output) {
        if (!recording) return;
        if (!writer.offer(new Recorded(accountId, sandboxId, type, Ids.now(), null, json, input, output))) {
            LOG.warn("session recorder is {} events behind; dropping a {} event", writer.backlog(), type);
        }
    }

    /** Recorded events not written yet, for producers that can wait (a terminal's output) to hold back. */
    public int recordingBacklog() {
        return writer.backlog();
    }

    /** Whether operations are recorded (false with --no-record). */
    public boolean recording() {
        return recording;
    }

    /** Lifecycle changes from the event bus: recorded, and a destroyed sandbox ends its sessions. */
    public void onEngineEvent(String accountId, EngineEvent e) {
        if (e.sandboxId() == null) return;
        switch (e.type()) {
            case "sandbox.created", "sandbox.updated" -> {
                Object status = e.data().get("status");
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("status", status);
                if (e.data().get("reason") != null) d.put("reason", e.data().get("reason"));
                record(accountId, e.sandboxId(), "sandbox", d);
            }
            case "snapshot.progress" -> {
                if (Integer.valueOf(100).equals(e.data().get("percent"))) {
                    record(accountId, e.sandboxId(), "snapshot", Map.of("snapshot_id", e.data().get("snapshot_id")));
                }
            }
            case "sandbox.limit" -> record(accountId, e.sandboxId(), "limit", e.data());
            case "sandbox.egress_refused" -> record(accountId, e.sandboxId(), "egress_refused", e.data());
            case "sandbox.destroyed" -> writer.offer(new Recorded(accountId, e.sandboxId(), "__end__", Ids.now(),
                    Json.MAPPER.createObjectNode()));
            default -> { }
        }
    }

    private void write(List<Recorded> batch) {
        Map<String, Changed> changed = new LinkedHashMap<>();
        // Sandboxes are looked up before the transaction: SandboxStore locks itself, then the
        // database, so taking them in the other order could deadlock.
        Map<String, Boolean> off = new java.util.HashMap<>();
        for (Recorded r : batch) off.computeIfAbsent(r.sandboxId(), id -> offline(r.accountId(), id));
        db.transaction(() -> {
            for (Recorded r : batch) {
                if (r.type().equals("__end__")) {
                    store.endSessions(r.sandboxId(), "completed", r.timestamp());
                    offline.remove(r.sandboxId());
                    continue;
                }
                String session = store.implicitSession(r.accountId(), r.sandboxId(), r.timestamp());
                List<RiskRules.Flag> flags;
                if (r.json() == null) {
                    flags = flag(r.type(), r.data(), off.get(r.sandboxId()));
                    store.insert(r.accountId(), session, r.sandboxId(), Ids.newId("evt"), r.type(), r.timestamp(), r.data(), 0, 0, 0);
                } else {
                    flags = RiskRules.evaluateText(r.type(), r.input(), r.output(), off.get(r.sandboxId()));
                    if (flags.isEmpty()) {
                        store.insert(r.accountId(), session, r.sandboxId(), Ids.newId("evt"), r.type(), r.timestamp(), r.json(), 0, 0, 0);
                    } else {
                        ObjectNode data = (ObjectNode) Json.tree(r.json());
                        data.set("flags", Json.MAPPER.valueToTree(flags));
                        store.insert(r.accountId(), session, r.sandboxId(), Ids.newId("evt"), r.type(), r.timestamp(), data, 0, 0, 0);
                    }
                }
                if (!flags.isEmpty()) {
                    store.addTrust(session, flags, r.timestamp());
                    changed.computeIfAbsent(session, k -> new Changed(r.accountId(), r.sandboxId(), new ArrayList<>()))
                            .reasons().addAll(flags.stream().map(RiskRules.Flag::reason).toList());
                }
            }
        });
        publish(changed);
    }

    /** A session whose cost or trust changed in a write, with the reasons of its new flags. */
    private record Changed(String accountId, String sandboxId, List<String> reasons) {}

    /** Whether the sandbox has no network; never call it inside a database transaction. */
    private boolean offline(String accountId, String sandboxId) {
        Boolean known = offline.get(sandboxId);
        if (known != null) return known;
        SandboxRecord r = sandboxes.find(new Principal(accountId, "engine", false), sandboxId);
        boolean off = r != null && r.networkMode().equals("none");
        // Only live sandboxes are remembered (until their end): an event recorded after a
        // sandbox was destroyed must not leave an entry behind for good.
        if (r != null && !r.status().equals(dev.sandbench.engine.sandbox.SandboxStatus.DESTROYED)) {
            offline.put(sandboxId, off);
        }
        return off;
    }

    /** Runs the risk rules on an event and, when any match, puts them in its {@code flags}. */
    private static List<RiskRules.Flag> flag(String type, ObjectNode data, boolean offline) {
        List<RiskRules.Flag> flags = RiskRules.evaluate(type, data, offline);
        if (!flags.isEmpty()) data.set("flags", Json.MAPPER.valueToTree(flags));
        return flags;
    }

    /**
     * Publishes {@code session.updated} for sessions whose cost or trust changed (after the write
     * committed): what alerts on budgets and trust listen to, and what a UI shows live.
     */
    private void publish(Map<String, Changed> changed) {
        changed.forEach((sessionId, c) -> {
            AgentSession s = store.get(sessionId);
            if (s == null) return;
            SandboxRecord sandbox = sandboxes.find(new Principal(c.accountId(), "engine", false), c.sandboxId());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("session_id", sessionId);
            d.put("cost_usd", s.costUsd());
            d.put("budget_usd", sandbox == null ? null : sandbox.budget());
            d.put("trust_score", s.trustScore());
            d.put("trust_factors", RiskRules.factors(SessionStore.rawTrust(store.trustJson(sessionId))));
            d.put("new_flags", c.reasons());
            d.put("event_count", s.eventCount());
            bus.publish(c.accountId(), "session.updated", c.sandboxId(), d);
        });
    }

    /** Waits until recorded events are stored (for reads that must see them). */
    void flush() {
        writer.flush();
    }

    public IngestResult ingest(Principal p, JsonNode body) {
        // An agent's last recorded steps go into its session before session_end closes it (else: the implicit one).
        if (body.path("events").findValuesAsText("type").contains("session_end")) flush();
        Map<String, Changed> changed = new LinkedHashMap<>();
        IngestResult result = ingest(p, body, changed);
        publish(changed);
        return result;
    }

    private IngestResult ingest(Principal p, JsonNode body, Map<String, Changed> changed) {
        JsonNode events = body.path("events");
        if (!events.isArray()) throw ApiException.badRequest("body must be {\"events\": [...]}");
        if (events.size() > MAX_BATCH) {
            throw ApiException.tooLarge("at most " + MAX_BATCH + " events a batch, got " + events.size());
        }
        List<IngestResult.Problem> problems = new ArrayList<>();
        int[] accepted = {0};
        // Sandboxes are looked up before the transaction (see write).
        Map<String, java.util.Optional<SandboxRecord>> found = new java.util.HashMap<>();
        for (JsonNode e : events) {
            if (e.path("sandbox_id").isTextual()) {
                String id = e.get("sandbox_id").asText();
                found.computeIfAbsent(id, k -> java.util.Optional.ofNullable(sandboxes.find(p, k)));
                if (found.get(id).isPresent()) offline(p.accountId(), id);
            }
        }
        db.transaction(() -> {
            for (int i = 0; i < events.size(); i++) {
                String problem = ingestOne(p, events.get(i), found, changed);
                if (problem == null) accepted[0]++;
                else problems.add(new IngestResult.Problem(i, problem));
            }
        });
        return new IngestResult(accepted[0], problems.size(), problems);
    }

    private String ingestOne(Principal p, JsonNode e, Map<String, java.util.Optional<SandboxRecord>> found,
                             Map<String, Changed> changed) {
        if (!e.isObject()) return "an event must be an object";
        String type = e.path("type").isTextual() ? e.get("type").asText() : null;
        if (type == null || type.isBlank() || type.length() > 100) return "'type' is required (a string)";
        String sandboxId = e.path("sandbox_id").isTextual() ? e.get("sandbox_id").asText() : null;
        if (sandboxId == null) return "'sandbox_id' is required";
        SandboxRecord r = found.get(sandboxId).orElse(null);
        if (r == null) return "sandbox " + sandboxId + " does not exist";
        JsonNode data = e.path("data");
        if (data.isMissingNode() || data.isNull()) data = Json.MAPPER.createObjectNode();
        if (!data.isObject()) return "'data' must be an object";
        String id = e.path("id").isTextual() ? e.get("id").asText() : Ids.newId("evt");
        if (id.isBlank() || id.length() > 200) return "'id' must be 1-200 characters";
        String ts = Ids.now();
        if (e.path("timestamp").isTextual()) {
            try {
                ts = Ids.timestamp(Instant.parse(e.get("timestamp").asText()));
            } catch (DateTimeParseException ex) {
                return "'timestamp' must be RFC 3339, got " + e.get("timestamp").asText();
            }
        }
        String session;
        if (e.path("session_id").isTextual()) {
            session = e.get("session_id").asText();
            if (!store.ensureSession(session, p.accountId(), r.id(), text(data, "agent_type"), text(data, "model"), ts)) {
                return "session " + session + " belongs to another account";
            }
        } else {
            session = store.implicitSession(p.accountId(), r.id(), ts);
        }
        long in = data.path("tokens_in").asLong(0);
        long out = data.path("tokens_out").asLong(0);
        double cost = data.hasNonNull("cost_usd") ? data.get("cost_usd").asDouble()
                : type.equals("llm_call") ? prices.cost(text(data, "model"), in, out) : 0;
        // The cost an event was charged, on the event too, so a replay can draw cost over time.
        if (cost > 0 && !data.hasNonNull("cost_usd")) ((ObjectNode) data).put("cost_usd", cost);
        List<RiskRules.Flag> flags = flag(type, (ObjectNode) data, offline.getOrDefault(r.id(), false));
        if (store.insert(p.accountId(), session, r.id(), id, type, ts, data, in, out, cost)) {
            if (type.equals("session_end")) {
                store.endSession(session, data.path("status").asText("completed").equals("failed") ? "failed" : "completed", ts);
            }
            if (!flags.isEmpty()) store.addTrust(session, flags, ts);
            if (!flags.isEmpty() || cost > 0) {
                changed.computeIfAbsent(session, k -> new Changed(p.accountId(), r.id(), new ArrayList<>()))
                        .reasons().addAll(flags.stream().map(RiskRules.Flag::reason).toList());
            }
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.get(field).asText() : null;
    }

    public List<AgentSession> list(Principal p, String sandboxId) {
        SandboxRecord r = sandboxes.get(p, sandboxId);
        flush();
        return store.bySandbox(r.id());
    }

    public AgentSession get(Principal p, String sessionId) {
        flush();
        String owner = store.owner(sessionId);
        if (owner == null || !owner.equals(p.accountId())) {
            throw ApiException.notFound("session " + sessionId + " does not exist");
        }
        return store.get(sessionId);
    }

    public List<ReplayEvent> replay(Principal p, String sessionId) {
        get(p, sessionId);
        return store.events(sessionId);
    }

    /** The events as stored, for the replay route (a 100,000-event session is sent without re-parsing it). */
    public List<ReplayEvent.Raw> replayRaw(Principal p, String sessionId) {
        get(p, sessionId);
        return store.rawEvents(sessionId);
    }

    public SessionSummary summary(Principal p, String sessionId) {
        AgentSession s = get(p, sessionId);
        List<ReplayEvent> events = store.events(sessionId);
        Set<String> tools = new LinkedHashSet<>();
        Set<String> files = new LinkedHashSet<>();
        for (ReplayEvent e : events) {
            if (e.type().equals("tool_call") && e.data().path("name").isTextual()) tools.add(e.data().get("name").asText());
            if (e.type().startsWith("file_") && e.data().path("path").isTextual()) files.add(e.data().get("path").asText());
        }
        long duration = events.size() < 2 ? 0 : Math.max(0, java.time.Duration.between(
                Instant.parse(events.get(0).timestamp()), Instant.parse(events.get(events.size() - 1).timestamp())).toMillis());
        return new SessionSummary(s.id(), events.size(), duration, s.tokensIn(), s.tokensOut(), s.costUsd(),
                List.copyOf(tools), List.copyOf(files), s.trustScore(),
                RiskRules.factors(SessionStore.rawTrust(store.trustJson(sessionId))));
    }

    /** The trust of each of the sandbox's sessions ({@code GET /v1/trust/sandboxes/{id}}). */
    public List<TrustScore> trust(Principal p, String sandboxId) {
        SandboxRecord r = sandboxes.get(p, sandboxId);
        flush();
        return store.trust(r.id());
    }

    /** The whole session as one JSON document (the session, its events, its summary). */
    public Map<String, Object> exportJson(Principal p, String sessionId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "sandbench-session/1");
        m.put("session", get(p, sessionId));
        m.put("summary", summary(p, sessionId));
        m.put("events", store.events(sessionId));
        return m;
    }

    /**
     * The session's terminal as an asciinema v2 cast: a header line, then one {@code [time,
     * "o"|"i", text]} line per recorded chunk. {@code terminalId} picks a terminal when the session
     * has several; the first one otherwise.
     */
    public String exportCast(Principal p, String sessionId, String terminalId) {
        get(p, sessionId);
        List<ReplayEvent> events = store.events(sessionId);
        ReplayEvent open = null;
        for (ReplayEvent e : events) {
            if (e.type().equals("terminal_open")
                    && (terminalId == null || terminalId.equals(e.data().path("terminal_id").asText()))) {
                open = e;
                break;
            }
        }
        if (open == null) {
            throw ApiException.unprocessable("session " + sessionId + " has no terminal recording"
                    + (terminalId == null ? "" : " for terminal " + terminalId));
        }
        String term = open.data().path("terminal_id").asText();
        StringBuilder cast = new StringBuilder();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("version", 2);
        header.put("width", open.data().path("cols").asInt(80));
        header.put("height", open.data().path("rows").asInt(24));
        header.put("timestamp", Instant.parse(open.timestamp()).getEpochSecond());
        header.put("env", Map.of("TERM", "xterm-256color", "SHELL", "/bin/bash"));
        cast.append(Json.write(header)).append('\n');
        for (ReplayEvent e : events) {
            if (!e.type().equals("terminal_io") || !term.equals(e.data().path("terminal_id").asText())) continue;
            for (JsonNode chunk : e.data().path("chunks")) {
                cast.append(Json.write(List.of(chunk.get(0).asDouble(), chunk.get(1).asText(), chunk.get(2).asText())))
                        .append('\n');
            }
        }
        return cast.toString();
    }

    /** Starts deleting old ended sessions in the background (see {@link SessionRetention}). */
    public void startRetention() {
        retention.start();
    }

    @Override
    public void close() {
        retention.close();
        writer.close();
    }
}
