package dev.sandbench.app.connection;

/**
 * A saved engine to connect to. The embedded engine is the profile with id {@value #EMBEDDED_ID}
 * (its URL is known only once it runs). API keys are not part of the profile: they live in a
 * {@link SecretStore}.
 *
 * @param color a CSS colour that tags everything shown for this connection
 * @param shared destructive actions ask twice (other people use this engine)
 */
public record ConnectionProfile(String id, String name, String url, String color, boolean shared) {
    public static final String EMBEDDED_ID = "embedded";

    public static ConnectionProfile embedded() {
        return new ConnectionProfile(EMBEDDED_ID, "Local engine", null, "#2f81f7", false);
    }

    public boolean isEmbedded() {
        return EMBEDDED_ID.equals(id);
    }

    public ConnectionProfile withUrl(String newUrl) {
        return new ConnectionProfile(id, name, newUrl, color, shared);
    }
}
