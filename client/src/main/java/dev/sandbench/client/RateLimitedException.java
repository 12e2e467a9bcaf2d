package dev.sandbench.client;

import java.time.Duration;

/** Too many calls with this key (429); {@link #retryAfter()} says when to try again. */
public class RateLimitedException extends SandbenchException {
    private final Duration retryAfter;

    public RateLimitedException(String message, Problem problem, Duration retryAfter) {
        super(message, problem, null);
        this.retryAfter = retryAfter;
    }

    /** How long the engine asked to wait, or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
