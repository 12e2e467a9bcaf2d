package dev.sandbench.engine.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.events.EngineEvent;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Raises alerts from what the engine publishes on its event bus ({@code sandbox.limit},
 * {@code exec.timeout}, {@code session.updated}) and from a scan for sandboxes about to expire,
 * following each account's rules. An alert is stored, becomes a notification when the rule and
 * the account's notification settings say so, and is published as {@code alert.raised}. All of
 * it runs on one background thread, so the operation that caused an alert never waits for it.
 */
public final class AlertService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
    static final Set<String> CHANNELS = Set.of("in_app");
    private static final Set<String> WATCHED = Set.of("sandbox.limit", "exec.timeout", "session.updated");

    private final Database db;
    private final AlertStore store;
    private final EventBus bus;
    private final SandboxService sandboxes;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alerts");
        t.setDaemon(true);
        return t;
    });

    public AlertService(Database db, EventBus bus, SandboxService sandboxes) {
        this.db = db;
        this.store = new AlertStore(db);
        this.bus = bus;
        this.sandboxes = sandboxes;
        bus.addListener((accountId, e) -> {
            if (WATCHED.contains(e.type())) submit(() -> onEvent(accountId, e));
        });
    }

    /** Starts the scan for sandboxes about to expire. */
    public void start() {
        worker.scheduleWithFixedDelay(() -> guarded(this::scanExpiring), 1, 2, TimeUnit.SECONDS);
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the engine is shutting down
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("alert evaluation failed", e);
        }
    }

    private void onEvent(String accountId, EngineEvent e) {
        Map<String, Object> d = e.data();
        switch (e.type()) {
            case "sandbox.limit" -> {
                AlertType type = switch (String.valueOf(d.get("limit"))) {
                    case "memory" -> AlertType.OOM_KILL;
                    case "pids" -> AlertType.PIDS_LIMIT;
                    case "disk" -> AlertType.DISK_LIMIT;
                    default -> null;
                };
                if (type != null) {
                    raise(accountId, type, e.sandboxId(), null, e.sandboxId(), "sandbox " + e.sandboxId() + ": " + d.get("message"), d);
                }
            }
            case "exec.timeout" -> {
                String what = d.containsKey("command") ? "the command `" + d.get("command") + "`" : d.get("language") + " code";
                raise(accountId, AlertType.EXEC_TIMEOUT, e.sandboxId(), null, e.sandboxId(), "sandbox " + e.sandboxId()
                        + ": " + what + " ran longer than its " + d.get("timeout_ms") + " ms timeout and was killed", d);
            }
            case "session.updated" -> onSession(accountId, e.sandboxId(), d);
            default -> { }
        }
    }

    private void onSession(String accountId, String sandboxId, Map<String, Object> d) {
        String session = (String) d.get("session_id");
        double cost = ((Number) d.get("cost_usd")).doubleValue();
        AlertRule costRule = store.rule(accountId, AlertType.COST_OVER_BUDGET);
        Double budget = d.get("budget_usd") instanceof Number n ? n.doubleValue() : null;
        Double limit = budget;
        String which = "its sandbox's budget";
        if (costRule.threshold() != null && (limit == null || costRule.threshold() < limit)) {
            limit = costRule.threshold();
            which = "the alert threshold";
        }
        if (limit != null && cost > limit) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("cost_usd", cost);
            data.put("limit_usd", limit);
            data.put("budget_usd", budget);
            raise(accountId, AlertType.COST_OVER_BUDGET, sandboxId, session, session, String.format(java.util.Locale.ROOT,
                    "session %s has cost $%.4f, over %s of $%.4f", session, cost, which, limit), data);
        }
        if (d.get("trust_score") instanceof Number score) {
            AlertRule trustRule = store.rule(accountId, AlertType.LOW_TRUST);
            if (trustRule.threshold() != null && score.doubleValue() < trustRule.threshold()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("trust_score", score);
                data.put("trust_factors", d.get("trust_factors"));
                data.put("reasons", d.get("new_flags"));
                raise(accountId, AlertType.LOW_TRUST, sandboxId, session, session, "session " + session
                        + " has a trust score of " + score + " (below " + trustRule.threshold() + "): " + d.get("trust_factors"), data);
            }
        }
    }

    private void scanExpiring() {
        Instant now = Instant.now();
        Map<String, AlertRule> rules = new LinkedHashMap<>();
        for (SandboxRecord r : sandboxes.expiringBefore(Ids.timestamp(now.plusSeconds(86_400)))) {
            AlertRule rule = rules.computeIfAbsent(r.accountId(), a -> store.rule(a, AlertType.SANDBOX_EXPIRING));
            if (!rule.enabled() || rule.threshold() == null) continue;
            long left = Math.max(0, java.time.Duration.between(now, Instant.parse(r.expiresAt())).toSeconds());
            if (left > rule.threshold()) continue;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("expires_at", r.expiresAt());
            data.put("seconds_left", left);
            raise(r.accountId(), AlertType.SANDBOX_EXPIRING, r.id(), null, r.id() + "@" + r.expiresAt(),
                    "sandbox " + r.id() + (r.name() == null ? "" : " (" + r.name() + ")") + " expires in " + left
                            + " s, at " + r.expiresAt() + "; its files go with it", data);
        }
    }

    /** Stores an alert (and its notification) unless the rule is off or one about the same subject is within the cooldown. */
    void raise(String accountId, AlertType type, String sandboxId, String sessionId, String subject, String message,
               Map<String, Object> data) {
        AlertRule rule = store.rule(accountId, type);
        if (!rule.enabled()) return;
        Instant now = Instant.now();
        if (rule.cooldownMinutes() > 0 && store.raisedSince(accountId, type.wire(), subject,
                Ids.timestamp(now.minusSeconds(rule.cooldownMinutes() * 60L)))) {
            return;
        }
        Alert alert = new Alert(Ids.newId("alrt"), type.wire(), rule.severity(), message, false, Ids.timestamp(now),
                sandboxId, null, sessionId, data);
        NotificationSettings config = store.config(accountId);
        Notification note = rule.channels().contains("in_app") && config.notifiesInApp()
                && AlertType.rank(rule.severity()) >= AlertType.rank(config.severityFloor())
                && !config.muted().contains(type.wire())
                ? new Notification(Ids.newId("ntf"), type.wire(), title(type, sandboxId), message, false, alert.createdAt(),
                alert.id()) : null;
        db.transaction(() -> {
            store.insertAlert(accountId, alert, subject);
            if (note != null) store.insertNotification(accountId, note);
        });
        Map<String, Object> event = Json.MAPPER.convertValue(alert, new com.fasterxml.jackson.core.type.TypeReference<>() {});
        event.put("notification_id", note == null ? null : note.id());
        bus.publish(accountId, "alert.raised", sandboxId, event);
        LOG.info("alert {} ({}): {}", type.wire(), rule.severity(), message);
    }

    private static String title(AlertType type, String sandboxId) {
        String what = switch (type) {
            case OOM_KILL -> "Memory limit hit";
            case PIDS_LIMIT -> "Process limit hit";
            case DISK_LIMIT -> "Disk limit exceeded";
            case EXEC_TIMEOUT -> "Command timed out";
            case COST_OVER_BUDGET -> "Session over budget";
            case SANDBOX_EXPIRING -> "Sandbox expiring soon";
            case LOW_TRUST -> "Low trust score";
        };
        return sandboxId == null ? what : what + " in " + sandboxId;
    }

    // --- the API ---

    public List<Alert> alerts(Principal p, Boolean resolved, String sandboxId, String type, int limit) {
        return store.alerts(p.accountId(), resolved, sandboxId, type, limit);
    }

    public Alert alert(Principal p, String id) {
        Alert a = store.alert(p.accountId(), id);
        if (a == null) throw ApiException.notFound("alert " + id + " does not exist");
        return a;
    }

    /** Resolves an alert (again: no change) and marks its notifications read. */
    public Alert resolve(Principal p, String id) {
        alert(p, id);
        if (store.resolve(p.accountId(), id, Ids.now())) {
            Alert a = alert(p, id);
            bus.publish(p.accountId(), "alert.resolved", a.sandboxId(), Map.of("id", a.id(), "type", a.type(),
                    "resolved_at", a.resolvedAt()));
        }
        return alert(p, id);
    }

    public List<AlertRule> rules(Principal p) {
        List<AlertRule> out = new ArrayList<>();
        for (AlertType t : AlertType.values()) out.add(store.rule(p.accountId(), t));
        return out;
    }

    /** Changes the fields the body names; {@code "threshold": null} clears a threshold. */
    public AlertRule updateRule(Principal p, String id, JsonNode body) {
        AlertType type = AlertType.of(id).orElseThrow(() -> ApiException.notFound("alert rule " + id
                + " does not exist (rules: " + String.join(", ", java.util.Arrays.stream(AlertType.values())
                .map(AlertType::wire).toList()) + ")"));
        if (!body.isObject()) throw ApiException.badRequest("body must be a JSON object");
        AlertRule r = store.rule(p.accountId(), type);
        boolean enabled = r.enabled();
        List<String> channels = r.channels();
        Double threshold = r.threshold();
        int cooldown = r.cooldownMinutes();
        String severity = r.severity();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            switch (f.getKey()) {
                case "enabled" -> {
                    if (!v.isBoolean()) throw ApiException.badRequest("enabled must be true or false");
                    enabled = v.asBoolean();
                }
                case "channels" -> {
                    if (!v.isArray()) throw ApiException.badRequest("channels must be an array of channel names");
                    List<String> c = new ArrayList<>();
                    for (JsonNode n : v) {
                        if (!n.isTextual() || !CHANNELS.contains(n.asText())) {
                            throw ApiException.unprocessable("unknown channel " + n + "; this engine has: " + CHANNELS);
                        }
                        if (!c.contains(n.asText())) c.add(n.asText());
                    }
                    channels = c;
                }
                case "threshold" -> {
                    if (v.isNull()) {
                        if (type == AlertType.LOW_TRUST || type == AlertType.SANDBOX_EXPIRING) {
                            throw ApiException.unprocessable("rule " + id + " needs a threshold; disable it instead");
                        }
                        threshold = null;
                    } else if (!v.isNumber()) {
                        throw ApiException.badRequest("threshold must be a number or null");
                    } else if (!type.takesThreshold()) {
                        throw ApiException.unprocessable("rule " + id + " takes no threshold");
                    } else if (v.asDouble() < type.minThreshold() || v.asDouble() > type.maxThreshold()) {
                        throw ApiException.unprocessable("threshold of " + id + " must be between " + type.minThreshold()
                                + " and " + type.maxThreshold() + ", got " + v.asDouble());
                    } else {
                        threshold = v.asDouble();
                    }
                }
                case "cooldown_minutes" -> {
                    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0 || v.asInt() > 10_080) {
                        throw ApiException.unprocessable("cooldown_minutes must be a whole number from 0 to 10080");
                    }
                    cooldown = v.asInt();
                }
                case "severity" -> {
                    if (!v.isTextual() || !AlertType.SEVERITIES.contains(v.asText())) {
                        throw ApiException.unprocessable("severity must be one of " + AlertType.SEVERITIES);
                    }
                    severity = v.asText();
                }
                case "id", "type", "description" -> { } // echoed back from a GET: not editable, harmless
                default -> throw ApiException.badRequest("unknown field '" + f.getKey() + "' (editable: enabled, channels, "
                        + "threshold, cooldown_minutes, severity)");
            }
        }
        AlertRule updated = new AlertRule(r.id(), r.type(), enabled, channels, threshold, cooldown, severity, r.description());
        store.saveRule(p.accountId(), updated, Ids.now());
        return updated;
    }

    public List<Notification> notifications(Principal p, boolean unreadOnly, int limit) {
        return store.notifications(p.accountId(), unreadOnly, limit);
    }

    public long unread(Principal p) {
        return store.unread(p.accountId());
    }

    public Notification markRead(Principal p, String id) {
        if (store.notification(p.accountId(), id) == null) {
            throw ApiException.notFound("notification " + id + " does not exist");
        }
        store.markRead(p.accountId(), id);
        return store.notification(p.accountId(), id);
    }

    public int markAllRead(Principal p) {
        return store.markAllRead(p.accountId());
    }

    public NotificationConfig config(Principal p) {
        return NotificationConfig.of(store.config(p.accountId()));
    }

    /** Changes the fields the body names. */
    public NotificationConfig updateConfig(Principal p, JsonNode body) {
        NotificationSettings updated = store.config(p.accountId()).with(body);
        store.saveConfig(p.accountId(), updated);
        return NotificationConfig.of(updated);
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            // Alerts already under way are written before the database closes.
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
    }
}
