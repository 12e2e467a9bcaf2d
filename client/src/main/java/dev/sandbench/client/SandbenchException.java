package dev.sandbench.client;

/**
 * Base of every failure the client reports. Subclasses name the failure class; {@link #problem()}
 * carries the engine's own explanation when there was a response.
 */
public class SandbenchException extends RuntimeException {
    private final transient Problem problem;

    public SandbenchException(String message, Problem problem, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    /** The engine's problem detail, or null when the call never got a response. */
    public Problem problem() {
        return problem;
    }

    /** The HTTP status, or 0 when there was no response. */
    public int status() {
        return problem == null ? 0 : problem.status();
    }
}
