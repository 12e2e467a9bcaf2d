package dev.sandbench.app.connection;

/**
 * Parts of the workbench that need one of the engine's own routes. A server that speaks only the
 * compatible /v1 API may lack them; the workbench then hides the feature and says why.
 */
public enum Feature {
    LIVE_EVENTS("/v1/events/stream", "Live updates", "this server has no event stream; the explorer refreshes every few seconds instead"),
    TERMINAL("/v1/sandboxes/{id}/terminal", "Terminals", "this server offers no terminal WebSocket"),
    SNAPSHOTS("/v1/sandboxes/{id}/snapshots", "Snapshots", "this server does not take snapshots"),
    STATS("/v1/sandboxes/{id}/stats", "Statistics", "this server reports no resource statistics"),
    SESSIONS("/v1/sandboxes/{id}/sessions", "Agent sessions", "this server records no agent sessions"),
    PORTS("/v1/sandboxes/{id}/ports", "Ports", "this server lists no ports"),
    EGRESS("/v1/sandboxes/{id}/egress", "Egress rules", "this server has no egress rules");

    private final String path;
    private final String title;
    private final String whyMissing;

    Feature(String path, String title, String whyMissing) {
        this.path = path;
        this.title = title;
        this.whyMissing = whyMissing;
    }

    public String path() {
        return path;
    }

    public String title() {
        return title;
    }

    /** A short explanation for the user when the server lacks it. */
    public String whyMissing() {
        return whyMissing;
    }
}
