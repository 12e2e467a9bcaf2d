package dev.sandbench.engine.core;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How an engine runs.
 *
 * @param defaultTimeoutSeconds lifetime of a sandbox created without {@code timeout}; 0 = no expiry
 * @param execTimeoutMs         default {@code timeout_ms} of an exec
 * @param outputCapBytes        per-stream cap on exec output kept in a response
 * @param warmPool              sandboxes kept started ahead of demand (0 = none)
 * @param rateLimit             requests a second per API key on average (bursts of 4 s allowed); 0 = unlimited
 * @param record                whether the engine records its operations into sessions (for replay)
 * @param sessionRetention      how much of ended sessions is kept, and how often that is enforced
 * @param dev                   development mode: the compatible APIs also accept their SDKs' quick-start
 *                              credentials (CAGE's dev_ keys and key-less MCP, Sandkasten's quick-start key);
 *                              refused unless the engine listens on loopback only
 * @param storageBytes          size of the sandbox storage image a root engine makes (0: half the free space; -1: none,
 *                              disk limits measured; docs/decisions/0015)
 */
public record EngineConfig(Path dataDir, String bind, int port, long defaultTimeoutSeconds, long execTimeoutMs,
                           int outputCapBytes, int warmPool, double rateLimit, boolean record,
                           SessionRetention sessionRetention, boolean dev, long storageBytes) {

    /**
     * Ended sessions older than {@code maxAge}, and the oldest ended sessions while all sessions'
     * recorded data exceeds {@code maxBytes}, are deleted every {@code every}. Zero means no limit.
     * Active sessions are never deleted.
     */
    public record SessionRetention(Duration maxAge, long maxBytes, Duration every) {
        public static final SessionRetention DEFAULT =
                new SessionRetention(Duration.ofDays(30), 1024L << 20, Duration.ofMinutes(10));
    }

    public static final int DEFAULT_PORT = 8080;

    public static EngineConfig defaults(Path dataDir) {
        return new EngineConfig(dataDir, "127.0.0.1", DEFAULT_PORT, 0, 60_000, 1 << 20, 2, 500, true,
                SessionRetention.DEFAULT, false, 0);
    }

    public EngineConfig withPort(int p) {
        return new EngineConfig(dataDir, bind, p, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit, record, sessionRetention, dev, storageBytes);
    }

    public EngineConfig withBind(String b) {
        return new EngineConfig(dataDir, b, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit, record, sessionRetention, dev, storageBytes);
    }

    public EngineConfig withDefaultTimeout(long seconds) {
        return new EngineConfig(dataDir, bind, port, seconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit, record, sessionRetention, dev, storageBytes);
    }

    public EngineConfig withWarmPool(int size) {
        return new EngineConfig(dataDir, bind, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, size, rateLimit, record, sessionRetention, dev, storageBytes);
    }

    public EngineConfig withRecording(boolean on) {
        return new EngineConfig(dataDir, bind, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit, on, sessionRetention, dev, storageBytes);
    }

    public EngineConfig withRateLimit(double perSecond) {
        return new EngineConfig(dataDir, bind, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, perSecond, record, sessionRetention, dev, storageBytes);
    }

    public EngineConfig withSessionRetention(SessionRetention r) {
        return new EngineConfig(dataDir, bind, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit,
                record, r, dev, storageBytes);
    }

    public EngineConfig withDev(boolean on) {
        return new EngineConfig(dataDir, bind, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit,
                record, sessionRetention, on, storageBytes);
    }

    public EngineConfig withStorageBytes(long bytes) {
        return new EngineConfig(dataDir, bind, port, defaultTimeoutSeconds, execTimeoutMs, outputCapBytes, warmPool, rateLimit,
                record, sessionRetention, dev, bytes);
    }
}
