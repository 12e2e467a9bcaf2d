package dev.sandbench.client;

/** The resource does not exist, or belongs to another account (404). */
public class NotFoundException extends SandbenchException {
    public NotFoundException(String message, Problem problem) {
        super(message, problem, null);
    }
}
