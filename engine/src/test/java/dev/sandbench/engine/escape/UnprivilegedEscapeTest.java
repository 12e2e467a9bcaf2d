package dev.sandbench.engine.escape;

import dev.sandbench.engine.ChildEngine;
import dev.sandbench.engine.TestEngine;
import dev.sandbench.engine.UserEngine;
import dev.sandbench.engine.runtime.BubblewrapRuntime;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

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
        openTun();
        return UserEngine.start(env);
    }

    @Override
    protected int engineUid() {
        return UserEngine.UID;
    }

    @AfterAll
    void removeHome() throws IOException {
        if (engine != null) TestEngine.deleteTree(UserEngine.home(engine));
        if (tunBefore != null) Files.setPosixFilePermissions(TUN, tunBefore);
    }

    private static final Path TUN = Path.of("/dev/net/tun");
    private Set<PosixFilePermission> tunBefore;

    /**
     * An ordinary user's engine needs /dev/net/tun for sandboxes with network (slirp4netns). Desktop
     * distributions open it to every user (udev, mode 0666); a VM without udev may leave it 0600,
     * so the suite opens it as a desktop has it, and restores it after.
     */
    private void openTun() throws IOException {
        if (!Files.exists(TUN)) return;
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(TUN);
        if (now.contains(PosixFilePermission.OTHERS_READ) && now.contains(PosixFilePermission.OTHERS_WRITE)) return;
        tunBefore = now;
        Files.setPosixFilePermissions(TUN, PosixFilePermissions.fromString("rw-rw-rw-"));
    }
}
