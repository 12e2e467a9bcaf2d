package dev.sandbench.client;

/** The API key is missing, unknown or revoked (401). */
public class AuthenticationException extends SandbenchException {
    public AuthenticationException(String message, Problem problem) {
        super(message, problem, null);
    }
}
