package dev.sandbench.app.connection;

import dev.sandbench.engine.Engine;
import dev.sandbench.engine.EngineConfig;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The engine running inside the workbench's process, on a free loopback port, with its state and
 * its generated admin key in the user's data directory. This is the only place the app touches
 * engine classes; everything else goes through the client over HTTP.
 */
public final class EmbeddedEngine implements AutoCloseable {
    private final Engine engine;

    private EmbeddedEngine(Engine engine) {
        this.engine = engine;
    }

    /** Starts it (takes a second or two: the runtime self-test runs a real sandbox). */
    public static EmbeddedEngine start(Path dataDir) throws IOException {
        EngineConfig config = EngineConfig.defaults(dataDir).withBind("127.0.0.1").withPort(0).withWarmPool(1);
        return new EmbeddedEngine(Engine.start(config));
    }

    public String url() {
        return engine.url();
    }

    public String adminKey() {
        return engine.adminKey();
    }

    /** Why sandboxes cannot start on this machine, with how to fix it; null when they can. */
    public String problem() {
        return engine.problem();
    }

    @Override
    public void close() {
        engine.close();
    }
}
