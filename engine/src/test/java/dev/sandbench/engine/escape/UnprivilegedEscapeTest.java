package dev.sandbench.engine.escape;

import dev.sandbench.engine.ChildEngine;
import dev.sandbench.engine.TestEngine;
import dev.sandbench.engine.UserEngine;
import dev.sandbench.engine.runtime.BubblewrapRuntime;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The escape suite against an engine run by an ordinary user (uid {@value UserEngine#UID}), as on
 * a desktop: sandboxes share that user's uid, there are no cgroups, and nested user namespaces stay
 * possible. Needs a root test JVM to start it (CI); an unprivileged run covers this case with
 * {@link RootEscapeTest} already.
 */
class UnprivilegedEscapeTest extends EscapeSuite {
    @Override
    protected ChildEngine startEngine(Map<String, String> env) throws Exception {
        assumeTrue(BubblewrapRuntime.unixUid() == 0, "the suite already runs unprivileged: RootEscapeTest covers it");
        return UserEngine.start(env);
    }

    @Override
    protected int engineUid() {
        return UserEngine.UID;
    }

    @AfterAll
    void removeHome() {
        if (engine != null) TestEngine.deleteTree(UserEngine.home(engine));
    }
}
