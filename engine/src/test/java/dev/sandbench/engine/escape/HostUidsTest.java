package dev.sandbench.engine.escape;

import dev.sandbench.engine.TestEngine;
import dev.sandbench.engine.runtime.BubblewrapRuntime;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Root engines run each sandbox as its own host uid (docs/decisions/0005). Two engines on one host
 * (two users', or a user's and a system one, each with its own data directory) must never hand
 * out the same uid: their sandboxes would own each other's files. An ordinary user's engine runs
 * sandboxes as that user, so this holds there by construction (UnprivilegedEngineTest).
 */
class HostUidsTest {
    @Test
    void twoEnginesOnDifferentDataDirsNeverShareAHostUid() throws Exception {
        assumeTrue(BubblewrapRuntime.unixUid() == 0, "only a root engine gives sandboxes host uids of their own");
        try (TestEngine one = new TestEngine(c -> c.withWarmPool(1)); TestEngine two = new TestEngine(c -> c.withWarmPool(1))) {
            Set<Integer> first = new HashSet<>();
            Set<Integer> second = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                first.add(uidOf(one, one.client().createSandbox()));
                second.add(uidOf(two, two.client().createSandbox()));
            }
            // Warm sandboxes (no record yet) hold uids too.
            first.addAll(ownersBelow(one));
            second.addAll(ownersBelow(two));
            assertThat(first).hasSizeGreaterThanOrEqualTo(3).allMatch(u -> u >= 200_000);
            assertThat(second).hasSizeGreaterThanOrEqualTo(3).doesNotContainAnyElementsOf(first);
        }
    }

    @Test
    void anEngineGetsItsDataDirectorysUidsBackAfterARestart() throws Exception {
        assumeTrue(BubblewrapRuntime.unixUid() == 0, "only a root engine gives sandboxes host uids of their own");
        try (TestEngine engine = new TestEngine(c -> c.withWarmPool(0))) {
            String id = engine.client().createSandbox();
            int before = uidOf(engine, id);
            try (TestEngine meanwhile = new TestEngine(c -> c.withWarmPool(0))) {
                engine.stop();
                // Another engine starting while this one is down does not take its block.
                int other = uidOf(meanwhile, meanwhile.client().createSandbox());
                assertThat(other / 65_536).isNotEqualTo(before / 65_536);
                engine.start();
                engine.client().post("/v1/sandboxes/" + id + "/start", java.util.Map.of());
                String fresh = engine.client().createSandbox();
                assertThat(uidOf(engine, fresh)).isNotEqualTo(other).isBetween(before - 65_536, before + 65_536);
                assertThat(engine.client().output(id, "id -u; stat -c %u /workspace")).isEqualTo("1000\n1000\n");
            }
        }
    }

    private static int uidOf(TestEngine engine, String id) throws IOException {
        return (Integer) Files.getAttribute(engine.sandboxDir(id).resolve("workspace"), "unix:uid");
    }

    private static Set<Integer> ownersBelow(TestEngine engine) throws IOException {
        Set<Integer> uids = new HashSet<>();
        Path sandboxes = TestEngine.sandboxesDir(engine.dataDir());
        try (Stream<Path> dirs = Files.list(sandboxes)) {
            for (Path d : dirs.toList()) {
                Path ws = d.resolve("workspace");
                if (Files.isDirectory(ws)) uids.add((Integer) Files.getAttribute(ws, "unix:uid"));
            }
        }
        return uids;
    }
}
