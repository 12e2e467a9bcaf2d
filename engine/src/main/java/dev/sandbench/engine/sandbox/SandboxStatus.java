package dev.sandbench.engine.sandbox;

/** The contract's sandbox states. */
public final class SandboxStatus {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String STOPPED = "stopped";
    public static final String ERROR = "error";
    public static final String DESTROYED = "destroyed";

    private SandboxStatus() {}
}
