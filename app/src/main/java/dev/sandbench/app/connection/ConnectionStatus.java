package dev.sandbench.app.connection;

/** How a connection is doing, as the status indicator shows it. */
public enum ConnectionStatus {
    /** Starting the embedded engine or making the first contact. */
    CONNECTING("Connecting"),
    CONNECTED("Connected"),
    /** Was connected, lost contact, trying again. */
    RECONNECTING("Reconnecting"),
    /** Cannot reach the engine (keeps retrying in the background). */
    UNREACHABLE("Unreachable"),
    /** The embedded engine could not start at all. */
    FAILED("Engine failed"),
    CLOSED("Closed");

    private final String label;

    ConnectionStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
