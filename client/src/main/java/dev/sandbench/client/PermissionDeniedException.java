package dev.sandbench.client;

/** The key is valid but may not do this, or the sandbox refuses the path (403). */
public class PermissionDeniedException extends SandbenchException {
    public PermissionDeniedException(String message, Problem problem) {
        super(message, problem, null);
    }
}
