package dev.sandbench.client;

/** The engine could not be reached or the connection broke (no HTTP response). */
public class TransportException extends SandbenchException {
    public TransportException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
