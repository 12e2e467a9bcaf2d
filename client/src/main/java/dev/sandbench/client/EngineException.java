package dev.sandbench.client;

/** The engine failed unexpectedly (500). */
public class EngineException extends SandbenchException {
    public EngineException(String message, Problem problem) {
        super(message, problem, null);
    }
}
