package dev.sandbench.client;

/** The engine cannot serve the call now (502, 503, 504). */
public class EngineUnavailableException extends SandbenchException {
    public EngineUnavailableException(String message, Problem problem) {
        super(message, problem, null);
    }
}
