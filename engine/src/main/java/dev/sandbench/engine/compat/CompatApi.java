package dev.sandbench.engine.compat;

/**
 * The foreign sandbox APIs whose SDKs work against this engine unchanged. Each one's sandboxes
 * carry {@link CompatSandboxes#API_LABEL} with its {@link #id}, which the workbench shows.
 */
public enum CompatApi {
    CAGE("cage", "CAGE"),
    SANDKASTEN("sandkasten", "Sandkasten"),
    CLOUD_SANDBOX("cloud-sandbox", "Cloud Sandbox"),
    AGENTCUBE("agentcube", "AgentCube");

    private final String id;
    private final String title;

    CompatApi(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The label value, the key in the engine's tables and the tail of the OpenAPI tag. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The OpenAPI tag of this API's routes ({@code compat-cage}). */
    public String tag() {
        return "compat-" + id;
    }
}
