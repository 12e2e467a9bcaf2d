package dev.sandbench.client;

/** The call did not finish within its timeout (client side, or 408/504 from the engine). */
public class SandbenchTimeoutException extends SandbenchException {
    public SandbenchTimeoutException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
