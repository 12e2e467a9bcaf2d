package dev.sandbench.client;

/** The resource is in the wrong state for the call, such as a stopped sandbox (409). */
public class ConflictException extends SandbenchException {
    public ConflictException(String message, Problem problem) {
        super(message, problem, null);
    }
}
