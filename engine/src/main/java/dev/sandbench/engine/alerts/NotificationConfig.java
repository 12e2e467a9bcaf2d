package dev.sandbench.engine.alerts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answer of {@code GET|PUT /v1/notifications/config}: the Caged contract's NotificationConfig
 * ({@code email_enabled}, {@code slack_enabled}, {@code slack_webhook_url}, {@code discord_enabled},
 * {@code discord_webhook_url}, {@code channels}: each alert type, on or off) and the engine's own
 * fields ({@code in_app}, {@code min_severity}, {@code muted_types}). {@code channels} and
 * {@code muted_types} are two views of one setting. {@code delivered_channels} says where this
 * engine really delivers notifications: in the app, never email, Slack or Discord.
 */
public record NotificationConfig(boolean emailEnabled, boolean slackEnabled, String slackWebhookUrl,
                                 boolean discordEnabled, String discordWebhookUrl, Map<String, Boolean> channels,
                                 boolean inApp, String minSeverity, List<String> mutedTypes,
                                 List<String> deliveredChannels) {

    static NotificationConfig of(NotificationSettings s) {
        Map<String, Boolean> channels = new LinkedHashMap<>();
        for (AlertType t : AlertType.values()) channels.put(t.wire(), !s.muted().contains(t.wire()));
        return new NotificationConfig(Boolean.TRUE.equals(s.emailEnabled()), Boolean.TRUE.equals(s.slackEnabled()),
                s.slackWebhookUrl(), Boolean.TRUE.equals(s.discordEnabled()), s.discordWebhookUrl(), channels,
                s.notifiesInApp(), s.severityFloor(), s.muted(), s.notifiesInApp() ? List.of("in_app") : List.of());
    }
}
