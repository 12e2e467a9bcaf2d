package dev.sandbench.engine.api;

/** Turns a presented API key into a principal, or null when the key is unknown or revoked. */
@FunctionalInterface
public interface Authenticator {
    Principal authenticate(String apiKey, String userAgent, String ip);

    /**
     * The principal of a key by its id while the key is not revoked, else null: for credentials
     * issued on a key's authority (a compatible API's token) that must die with the key.
     */
    default Principal byKeyId(String keyId) {
        return null;
    }
}
