package dev.sandbench.app.explorer;

import dev.sandbench.client.sandboxes.Sandbox;

import java.util.Map;

/**
 * Which foreign SDK's API a sandbox came through (CAGE, Sandkasten, ...), read from the label the
 * engine puts on every sandbox its compatible APIs create; null for sandboxes of its own API.
 */
public final class ApiBadge {
    /** The engine's label naming the API (its compat feature's {@code CompatSandboxes.API_LABEL}). */
    public static final String LABEL = "sandbench.api";
    /** The label naming that API's user. */
    public static final String USER_LABEL = "sandbench.compat.user";
    private static final Map<String, String> TITLES = Map.of("cage", "CAGE", "sandkasten", "Sandkasten",
            "cloud-sandbox", "Cloud Sandbox", "agentcube", "AgentCube");

    private ApiBadge() {}

    /** The badge text, or null when the sandbox came through the engine's own API. */
    public static String text(Sandbox s) {
        String api = s.labels() == null ? null : s.labels().get(LABEL);
        if (api == null || api.isBlank()) return null;
        return TITLES.getOrDefault(api, api);
    }

    /** A line for the row's tooltip: the API and, when known, its user. */
    public static String tooltip(Sandbox s) {
        String text = text(s);
        if (text == null) return null;
        String user = s.labels().get(USER_LABEL);
        return "Created through " + text + "'s API" + (user == null || user.isBlank() ? "" : " (user " + user + ")");
    }
}
