package dev.sandbench.client;

/** The request was refused as invalid (400, 413, 415, 416, 422). */
public class ValidationException extends SandbenchException {
    public ValidationException(String message, Problem problem) {
        super(message, problem, null);
    }
}
