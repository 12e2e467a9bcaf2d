package dev.sandbench.client;

import dev.sandbench.engine.Engine;
import dev.sandbench.engine.core.EngineConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real engine on a free loopback port with a throwaway data directory, and a client for it. */
final class EngineFixture implements AutoCloseable {
    final Path dataDir;
    Engine engine;
    SandbenchClient client;

    EngineFixture() throws IOException {
        dataDir = Files.createTempDirectory("sandbench-client-test-");
        start(0);
    }

    void start(int port) throws IOException {
        engine = Engine.start(EngineConfig.defaults(dataDir).withPort(port).withWarmPool(1));
        client = SandbenchClient.connect(engine.url(), engine.adminKey());
    }

    /** Stops the engine, keeping its data; {@link #start} brings it back. */
    void stop() {
        client.close();
        engine.close();
    }

    SandbenchClient clientWithKey(String key) {
        return SandbenchClient.connect(engine.url(), key);
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
