package dev.sandbench.engine;

import dev.sandbench.engine.core.EngineConfig;

/** {@link EngineMain}'s package-private parsing, for tests in other packages. */
public final class EngineMainAccess {
    private EngineMainAccess() {}

    public static EngineConfig parse(String... args) {
        return EngineMain.parse(args);
    }

    public static String usage() {
        return EngineMain.usage();
    }
}
