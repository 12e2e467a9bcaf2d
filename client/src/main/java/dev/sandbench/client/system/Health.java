package dev.sandbench.client.system;

/** {@code GET /v1/health}: "ok" when the engine can create sandboxes. */
public record Health(String status, String version, String problem) {
    public boolean ok() {
        return "ok".equals(status);
    }
}
