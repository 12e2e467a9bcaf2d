package dev.sandbench.engine;

import java.nio.file.Path;

/**
 * How an engine runs.
 *
 * @param defaultTimeoutSeconds lifetime of a sandbox created without {@code timeout}; 0 = no expiry
 * @param execTimeoutMs         default {@code timeout_ms} of an exec
 * @param outputCapBytes        per-stream cap on exec output kept in a response
 * @param warmPool              sandboxes kept started ahead of demand (0 = none)
 * @param rateLimit             requests a second per API key on average (bursts of 4 s allowed); 0 = unlimited
 * @param record                whether the engine records its operations into sessions (for replay)
 */
public record EngineConfig(Path dataDir, String bind, int port, long defaultTimeoutSeconds, long execTimeoutMs,
                           int outputCapBytes, int warmPool, double rateLimit, boolean record) {

    public static final int DEFAULT_PORT = 8080;

    public static EngineConfig defaults(Path dataDir) {
        return new EngineConfig(dataDir, "127.0.0.1", DEFAULT_PORT, 0, 60_000, 1 << 20, 2, 500, true);
    }

    public EngineConfig withPort(int p) {
        return new EngineConfig(dataDir, bind, p, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit, record);
    }

    public EngineConfig withBind(String b) {
        return new EngineConfig(dataDir, b, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit, record);
    }

    public EngineConfig withDefaultTimeout(long seconds) {
        return new EngineConfig(dataDir, bind, port, seconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit, record);
    }

    public EngineConfig withWarmPool(int size) {
        return new EngineConfig(dataDir, bind, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, size, rateLimit, record);
    }

    public EngineConfig withRecording(boolean on) {
        return new EngineConfig(dataDir, bind, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit, on);
    }

    public EngineConfig withRateLimit(double perSecond) {
        return new EngineConfig(dataDir, bind, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, perSecond, record);
    }
}
