package dev.sandbench.engine.alerts;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.store.Database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Alerts, their rules, notifications and notification settings in the engine database. */
final class AlertStore {
    private static final String ALERT_COLUMNS = "id, type, severity, message, resolved, created_at, sandbox_id, resolved_at, "
            + "session_id, data_json";
    private static final String NOTIFICATION_COLUMNS = "id, type, title, body, is_read, created_at, alert_id";
    private final Database db;

    AlertStore(Database db) {
        this.db = db;
    }

    /** The account's rule for a type: as stored, or the type's defaults. */
    AlertRule rule(String accountId, AlertType type) {
        AlertRule stored = db.queryOne("SELECT enabled, channels_json, threshold, cooldown_minutes, severity FROM alert_rules "
                + "WHERE account_id = ? AND id = ?", rs -> new AlertRule(type.wire(), type.wire(), rs.getInt(1) == 1,
                Json.MAPPER.convertValue(Json.tree(rs.getString(2)), new TypeReference<List<String>>() {}), nullableDouble(rs, 3),
                rs.getInt(4), rs.getString(5), type.description), accountId, type.wire());
        return stored != null ? stored : new AlertRule(type.wire(), type.wire(), true, List.of("in_app"), type.threshold,
                10, type.severity, type.description);
    }

    void saveRule(String accountId, AlertRule r, String now) {
        db.update("INSERT INTO alert_rules(account_id, id, enabled, severity, channels_json, threshold, cooldown_minutes, "
                        + "updated_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(account_id, id) DO UPDATE SET enabled = excluded.enabled, "
                        + "severity = excluded.severity, channels_json = excluded.channels_json, threshold = excluded.threshold, "
                        + "cooldown_minutes = excluded.cooldown_minutes, updated_at = excluded.updated_at",
                accountId, r.id(), r.enabled() ? 1 : 0, r.severity(), Json.write(r.channels()), r.threshold(),
                r.cooldownMinutes(), now);
    }

    /** Whether an alert of this type about this subject was raised at or after {@code since}. */
    boolean raisedSince(String accountId, String type, String subject, String since) {
        return db.queryOne("SELECT 1 FROM alerts WHERE account_id = ? AND type = ? AND subject = ? AND created_at >= ? LIMIT 1",
                rs -> rs.getInt(1), accountId, type, subject, since) != null;
    }

    void insertAlert(String accountId, Alert a, String subject) {
        db.update("INSERT INTO alerts(id, account_id, type, severity, message, sandbox_id, session_id, subject, data_json, "
                        + "resolved, created_at) VALUES (?,?,?,?,?,?,?,?,?,0,?)", a.id(), accountId, a.type(), a.severity(),
                a.message(), a.sandboxId(), a.sessionId(), subject, Json.write(a.data()), a.createdAt());
    }

    Alert alert(String accountId, String id) {
        return db.queryOne("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE account_id = ? AND id = ?", AlertStore::alert,
                accountId, id);
    }

    List<Alert> alerts(String accountId, Boolean resolved, String sandboxId, String type, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE account_id = ?");
        List<Object> args = new ArrayList<>(List.of(accountId));
        if (resolved != null) {
            sql.append(" AND resolved = ?");
            args.add(resolved ? 1 : 0);
        }
        if (sandboxId != null) {
            sql.append(" AND sandbox_id = ?");
            args.add(sandboxId);
        }
        if (type != null) {
            sql.append(" AND type = ?");
            args.add(type);
        }
        sql.append(" ORDER BY created_at DESC, rowid DESC LIMIT ?");
        args.add(limit);
        return db.query(sql.toString(), AlertStore::alert, args.toArray());
    }

    /** Resolves an open alert and marks its notifications read; false when it was resolved already. */
    boolean resolve(String accountId, String id, String now) {
        boolean[] changed = {false};
        db.transaction(() -> {
            changed[0] = db.update("UPDATE alerts SET resolved = 1, resolved_at = ? WHERE account_id = ? AND id = ? "
                    + "AND resolved = 0", now, accountId, id) == 1;
            db.update("UPDATE notifications SET is_read = 1 WHERE account_id = ? AND alert_id = ?", accountId, id);
        });
        return changed[0];
    }

    void insertNotification(String accountId, Notification n) {
        db.update("INSERT INTO notifications(id, account_id, type, title, body, is_read, created_at, alert_id) "
                + "VALUES (?,?,?,?,?,0,?,?)", n.id(), accountId, n.type(), n.title(), n.body(), n.createdAt(), n.alertId());
    }

    List<Notification> notifications(String accountId, boolean unreadOnly, int limit) {
        return db.query("SELECT " + NOTIFICATION_COLUMNS + " FROM notifications WHERE account_id = ?"
                + (unreadOnly ? " AND is_read = 0" : "") + " ORDER BY created_at DESC, rowid DESC LIMIT ?",
                AlertStore::notification, accountId, limit);
    }

    Notification notification(String accountId, String id) {
        return db.queryOne("SELECT " + NOTIFICATION_COLUMNS + " FROM notifications WHERE account_id = ? AND id = ?",
                AlertStore::notification, accountId, id);
    }

    long unread(String accountId) {
        Long n = db.queryOne("SELECT COUNT(*) FROM notifications WHERE account_id = ? AND is_read = 0",
                rs -> rs.getLong(1), accountId);
        return n == null ? 0 : n;
    }

    void markRead(String accountId, String id) {
        db.update("UPDATE notifications SET is_read = 1 WHERE account_id = ? AND id = ?", accountId, id);
    }

    int markAllRead(String accountId) {
        return db.update("UPDATE notifications SET is_read = 1 WHERE account_id = ? AND is_read = 0", accountId);
    }

    NotificationSettings config(String accountId) {
        NotificationSettings c = db.queryOne("SELECT config_json FROM notification_config WHERE account_id = ?",
                rs -> Json.parse(rs.getString(1), NotificationSettings.class), accountId);
        return c != null ? c : NotificationSettings.DEFAULT;
    }

    void saveConfig(String accountId, NotificationSettings c) {
        db.update("INSERT INTO notification_config(account_id, config_json) VALUES (?, ?) "
                + "ON CONFLICT(account_id) DO UPDATE SET config_json = excluded.config_json", accountId, Json.write(c));
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        Map<String, Object> data = Json.MAPPER.convertValue(Json.tree(rs.getString("data_json")),
                new TypeReference<Map<String, Object>>() {});
        return new Alert(rs.getString("id"), rs.getString("type"), rs.getString("severity"), rs.getString("message"),
                rs.getInt("resolved") == 1, rs.getString("created_at"), rs.getString("sandbox_id"),
                rs.getString("resolved_at"), rs.getString("session_id"), data);
    }

    private static Notification notification(ResultSet rs) throws SQLException {
        return new Notification(rs.getString("id"), rs.getString("type"), rs.getString("title"), rs.getString("body"),
                rs.getInt("is_read") == 1, rs.getString("created_at"), rs.getString("alert_id"));
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
