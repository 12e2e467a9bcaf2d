package dev.sandbench.engine.api;

/** Turns a presented API key into a principal, or null when the key is unknown or revoked. */
@FunctionalInterface
public interface Authenticator {
    Principal authenticate(String apiKey, String userAgent, String ip);
}
