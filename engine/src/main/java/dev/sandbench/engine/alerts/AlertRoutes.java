package dev.sandbench.engine.alerts;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.api.Route.Doc;
import io.javalin.http.Context;

/** Alerts, their rules, notifications and notification settings. */
public final class AlertRoutes {
    /** Answer of {@code GET /v1/notifications/unread-count}. */
    public record UnreadCount(long count) {}

    /** Answer of {@code POST /v1/notifications/read-all}: how many were unread. */
    public record Marked(int marked) {}

    private AlertRoutes() {}

    public static void register(HttpApi api, AlertService alerts) {
        // The fixed paths first: /v1/alerts/rules must not be taken for an alert id.
        api.get("/v1/alerts/rules", Doc.of("The account's alert rules, one per alert type (defaults until changed)")
                .tag("alerts").responseList(AlertRule.class),
                (ctx, p) -> HttpApi.json(ctx, 200, alerts.rules(p)));
        api.put("/v1/alerts/rules/{id}", Doc.of("Change a rule: enabled, channels (in_app), threshold, cooldown_minutes, "
                        + "severity; fields left out keep their value").tag("alerts").request(AlertRuleUpdate.class)
                .response(AlertRule.class),
                (ctx, p) -> {
                    HttpApi.requireJson(ctx);
                    HttpApi.json(ctx, 200, alerts.updateRule(p, ctx.pathParam("id"), Json.tree(ctx.body())));
                });
        api.get("/v1/alerts", Doc.of("The account's alerts, newest first: memory kills, process and disk limits, "
                        + "exec timeouts, sessions over budget, sandboxes about to expire, low trust scores").tag("alerts")
                .query("resolved", "boolean", "only resolved (true) or open (false) alerts")
                .query("sandbox_id", "string", "only alerts about this sandbox")
                .query("type", "string", "only alerts of this type (a rule id)")
                .query("limit", "integer", "at most this many (default 100, at most 1000)")
                .responseList(Alert.class),
                (ctx, p) -> HttpApi.json(ctx, 200, alerts.alerts(p, bool(ctx, "resolved"), ctx.queryParam("sandbox_id"),
                        ctx.queryParam("type"), limit(ctx))));
        api.get("/v1/alerts/{id}", Doc.of("One alert").tag("alerts").response(Alert.class),
                (ctx, p) -> HttpApi.json(ctx, 200, alerts.alert(p, ctx.pathParam("id"))));
        api.post("/v1/alerts/{id}/resolve", Doc.of("Resolve an alert (idempotent); its notifications are marked read")
                .tag("alerts").response(Alert.class),
                (ctx, p) -> HttpApi.json(ctx, 200, alerts.resolve(p, ctx.pathParam("id"))));

        api.get("/v1/notifications", Doc.of("The account's notifications, newest first").tag("notifications")
                .query("unread", "boolean", "only unread notifications")
                .query("limit", "integer", "at most this many (default 100, at most 1000)")
                .responseList(Notification.class),
                (ctx, p) -> HttpApi.json(ctx, 200, alerts.notifications(p, Boolean.TRUE.equals(bool(ctx, "unread")),
                        limit(ctx))));
        api.get("/v1/notifications/unread-count", Doc.of("How many notifications are unread").tag("notifications")
                .response(UnreadCount.class),
                (ctx, p) -> HttpApi.json(ctx, 200, new UnreadCount(alerts.unread(p))));
        api.post("/v1/notifications/read-all", Doc.of("Mark every notification read").tag("notifications")
                .response(Marked.class),
                (ctx, p) -> HttpApi.json(ctx, 200, new Marked(alerts.markAllRead(p))));
        api.post("/v1/notifications/{id}/read", Doc.of("Mark a notification read").tag("notifications")
                .response(Notification.class),
                (ctx, p) -> HttpApi.json(ctx, 200, alerts.markRead(p, ctx.pathParam("id"))));
        api.get("/v1/notifications/config", Doc.of("Which alerts become notifications, in the Caged contract's fields "
                        + "(email_enabled, slack_enabled, slack_webhook_url, discord_enabled, discord_webhook_url, channels: "
                        + "each alert type on or off) and the engine's (in_app, min_severity, muted_types). Email, Slack and "
                        + "Discord settings are kept but not used: this engine delivers in the app only (delivered_channels)")
                        .tag("notifications").response(NotificationConfig.class),
                (ctx, p) -> HttpApi.json(ctx, 200, alerts.config(p)));
        api.put("/v1/notifications/config", Doc.of("Change the notification settings, by either vocabulary: "
                        + "email_enabled, slack_enabled, slack_webhook_url, discord_enabled, discord_webhook_url, channels "
                        + "({alert type: true|false}), in_app, min_severity, muted_types; fields left out keep their value")
                        .tag("notifications")
                .request(NotificationConfig.class).response(NotificationConfig.class),
                (ctx, p) -> {
                    HttpApi.requireJson(ctx);
                    HttpApi.json(ctx, 200, alerts.updateConfig(p, Json.tree(ctx.body())));
                });
    }

    private static Boolean bool(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) return null;
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false, got '" + v + "'");
        };
    }

    private static int limit(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null) return 100;
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > 1000) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a number from 1 to 1000, got '" + v + "'");
        }
    }
}
