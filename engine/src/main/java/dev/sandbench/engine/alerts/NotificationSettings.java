package dev.sandbench.engine.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.api.ApiException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An account's notification settings as stored. Which alerts become notifications: none when
 * {@code inApp} is off; otherwise those at least {@code minSeverity} whose type is not muted.
 * Alerts are raised either way. The email, Slack and Discord settings are the Caged contract's:
 * kept and reported, but this engine delivers notifications in the app only. Fields are boxed
 * because rows written before they existed lack them.
 */
record NotificationSettings(Boolean inApp, String minSeverity, List<String> mutedTypes, Boolean emailEnabled,
                            Boolean slackEnabled, String slackWebhookUrl, Boolean discordEnabled, String discordWebhookUrl) {
    static final NotificationSettings DEFAULT = new NotificationSettings(true, "low", List.of(), false, false, null,
            false, null);

    boolean notifiesInApp() {
        return !Boolean.FALSE.equals(inApp);
    }

    String severityFloor() {
        return minSeverity == null ? "low" : minSeverity;
    }

    List<String> muted() {
        return mutedTypes == null ? List.of() : mutedTypes;
    }

    /**
     * These settings with the fields the body names changed (fields left out keep their value).
     * Both vocabularies are accepted: the Caged contract's ({@code email_enabled},
     * {@code slack_*}, {@code discord_*}, {@code channels}: alert type to on/off) and the
     * engine's ({@code in_app}, {@code min_severity}, {@code muted_types}).
     */
    NotificationSettings with(JsonNode body) {
        if (!body.isObject()) throw ApiException.badRequest("body must be a JSON object");
        Boolean inApp = notifiesInApp();
        String min = severityFloor();
        Set<String> muted = new LinkedHashSet<>(muted());
        Boolean email = Boolean.TRUE.equals(emailEnabled);
        Boolean slack = Boolean.TRUE.equals(slackEnabled);
        String slackUrl = slackWebhookUrl;
        Boolean discord = Boolean.TRUE.equals(discordEnabled);
        String discordUrl = discordWebhookUrl;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            switch (name) {
                case "in_app" -> inApp = bool(name, v);
                case "email_enabled" -> email = bool(name, v);
                case "slack_enabled" -> slack = bool(name, v);
                case "discord_enabled" -> discord = bool(name, v);
                case "slack_webhook_url" -> slackUrl = url(name, v);
                case "discord_webhook_url" -> discordUrl = url(name, v);
                case "min_severity" -> {
                    if (!v.isTextual() || !AlertType.SEVERITIES.contains(v.asText())) {
                        throw ApiException.unprocessable("min_severity must be one of " + AlertType.SEVERITIES);
                    }
                    min = v.asText();
                }
                case "muted_types" -> {
                    if (!v.isArray()) throw ApiException.badRequest("muted_types must be an array of alert types");
                    muted.clear();
                    for (JsonNode n : v) muted.add(alertType(n.isTextual() ? n.asText() : n.toString()));
                }
                case "channels" -> {
                    if (!v.isObject()) throw ApiException.badRequest("channels must be an object of alert type: true|false");
                    for (Iterator<Map.Entry<String, JsonNode>> c = v.fields(); c.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = c.next();
                        String type = alertType(e.getKey());
                        if (bool("channels." + e.getKey(), e.getValue())) muted.remove(type);
                        else muted.add(type);
                    }
                }
                // Read-only fields of the answer, so a client may send back what it was given.
                case "delivered_channels" -> { }
                default -> throw ApiException.badRequest("unknown field '" + name + "' (fields: email_enabled, "
                        + "slack_enabled, slack_webhook_url, discord_enabled, discord_webhook_url, channels, in_app, "
                        + "min_severity, muted_types)");
            }
        }
        return new NotificationSettings(inApp, min, List.copyOf(muted), email, slack, slackUrl, discord, discordUrl);
    }

    private static boolean bool(String name, JsonNode v) {
        if (!v.isBoolean()) throw ApiException.badRequest(name + " must be true or false");
        return v.asBoolean();
    }

    private static String url(String name, JsonNode v) {
        if (v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.badRequest(name + " must be a URL or null");
        try {
            URI u = new URI(v.asText());
            if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null) return v.asText();
        } catch (URISyntaxException ignored) {
            // refused below
        }
        throw ApiException.unprocessable(name + " must be an http(s) URL, got '" + v.asText() + "'");
    }

    private static String alertType(String name) {
        if (AlertType.of(name).isEmpty()) {
            List<String> types = new ArrayList<>();
            for (AlertType t : AlertType.values()) types.add(t.wire());
            throw ApiException.unprocessable("unknown alert type '" + name + "' (types: " + String.join(", ", types) + ")");
        }
        return name;
    }
}
