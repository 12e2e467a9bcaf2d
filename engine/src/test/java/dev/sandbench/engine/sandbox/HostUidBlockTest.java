package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a data directory's host uid block is chosen (docs/decisions/0005), against a registry of the test's own. */
class HostUidBlockTest {
    private final Path scratch;
    private final Path registry;

    HostUidBlockTest() throws IOException {
        scratch = Files.createTempDirectory("sandbench-uids-");
        registry = scratch.resolve("registry");
    }

    @AfterEach
    void clean() {
        TestEngine.deleteTree(scratch);
    }

    private Path dataDir(String name) throws IOException {
        return Files.createDirectories(scratch.resolve(name));
    }

    @Test
    void blocksHoldingAUserOrASubordinateRangeAreSkipped() throws IOException {
        // A user at 200005 (block 0) and a subuid range reaching into block 1.
        List<int[]> taken = List.of(new int[]{200_005, 1}, new int[]{265_000, 65_536});
        try (HostUidBlock b = HostUidBlock.claim(dataDir("a"), registry, taken)) {
            assertThat(b.first()).isEqualTo(200_000 + 2 * 65_536);
        }
    }

    @Test
    void noFreeBlockIsAClearError() {
        List<int[]> everything = List.of(new int[]{0, Integer.MAX_VALUE});
        assertThatThrownBy(() -> HostUidBlock.claim(dataDir("b"), registry, everything))
                .isInstanceOf(IOException.class).hasMessageContaining("no free block of 65536 host uids");
    }

    @Test
    void aHeldBlockIsNotGivenTwiceAndAGoneDataDirectorysIsReused() throws IOException {
        Path gone = dataDir("gone");
        int first;
        try (HostUidBlock one = HostUidBlock.claim(dataDir("one"), registry, List.of());
             HostUidBlock two = HostUidBlock.claim(dataDir("two"), registry, List.of())) {
            assertThat(two.first()).isNotEqualTo(one.first());
            try (HostUidBlock g = HostUidBlock.claim(gone, registry, List.of())) {
                first = g.first();
            }
            TestEngine.deleteTree(gone);
            try (HostUidBlock three = HostUidBlock.claim(dataDir("three"), registry, List.of())) {
                assertThat(three.first()).as("the deleted data directory's block is free again").isEqualTo(first);
            }
        }
    }
}
