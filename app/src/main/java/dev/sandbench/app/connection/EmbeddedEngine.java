package dev.sandbench.app.connection;

import dev.sandbench.engine.DataDirLock;
import dev.sandbench.engine.Engine;
import dev.sandbench.engine.core.EngineConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The engine running inside the workbench's process, on a free loopback port, with its state and
 * its generated admin key in the user's data directory. This is the only place the app touches
 * engine classes; everything else goes through the client over HTTP.
 */
public final class EmbeddedEngine implements AutoCloseable {
    /** How long to wait for another workbench's engine on the same directory to start listening. */
    private static final long ATTACH_WAIT_MS = 60_000;

    /** Null when attached to the engine another workbench started on the same data directory. */
    private final Engine engine;
    private final String url;
    private final String adminKey;

    private EmbeddedEngine(Engine engine, String url, String adminKey) {
        this.engine = engine;
        this.url = url;
        this.adminKey = adminKey;
    }

    /**
     * Starts it (takes a second or two: the runtime self-test runs a real sandbox). When another
     * workbench of this user already runs the engine of this data directory, uses that one instead:
     * two engines must never share a directory.
     */
    public static EmbeddedEngine start(Path dataDir) throws IOException {
        EngineConfig config = EngineConfig.defaults(dataDir).withBind("127.0.0.1").withPort(0).withWarmPool(1);
        try {
            Engine e = Engine.start(config);
            return new EmbeddedEngine(e, e.url(), e.adminKey());
        } catch (DataDirLock.InUseException busy) {
            return attach(dataDir, busy);
        }
    }

    private static EmbeddedEngine attach(Path dataDir, DataDirLock.InUseException busy) throws IOException {
        long deadline = System.currentTimeMillis() + ATTACH_WAIT_MS;
        String url = busy.url();
        while (url == null && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy;
            }
            url = DataDirLock.holderUrl(dataDir);
        }
        Path keyFile = dataDir.resolve("admin.key");
        if (url == null || !Files.isReadable(keyFile)) throw busy;
        return new EmbeddedEngine(null, url, Files.readString(keyFile, StandardCharsets.UTF_8).strip());
    }

    public String url() {
        return url;
    }

    public String adminKey() {
        return adminKey;
    }

    /** Whether this is another workbench's engine (it goes when that workbench closes). */
    public boolean attached() {
        return engine == null;
    }

    /** Why sandboxes cannot start on this machine, with how to fix it; null when they can. */
    public String problem() {
        return engine == null ? null : engine.problem();
    }

    @Override
    public void close() {
        if (engine != null) engine.close();
    }
}
