package dev.sandbench.engine.escape;

import dev.sandbench.engine.ChildEngine;
import dev.sandbench.engine.runtime.BubblewrapRuntime;

import java.nio.file.Files;
import java.util.Map;

/**
 * The escape suite against an engine running as the test's own user: root in CI, where each
 * sandbox gets its own host uid. (Run unprivileged, this is the ordinary-user case again.)
 */
class RootEscapeTest extends EscapeSuite {
    @Override
    protected ChildEngine startEngine(Map<String, String> env) throws Exception {
        return ChildEngine.fromClasspath(Files.createTempDirectory("sandbench-escape-"), env);
    }

    @Override
    protected int engineUid() {
        return (int) BubblewrapRuntime.unixUid();
    }
}
