package dev.sandbench.engine;

import dev.sandbench.engine.core.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class FileTreesTest {
    @TempDir
    Path tmp;

    /** A sandbox destroyed while a restore's cleanup deletes the files it replaced, inside the sandbox's directory. */
    @Test
    void twoDeletesOfOverlappingTreesAtOnceLeaveNothing() throws Exception {
        for (int round = 0; round < 5; round++) {
            Path sandbox = tmp.resolve("sandbox" + round);
            Path replaced = sandbox.resolve(".scratch-replaced-x");
            for (String d : new String[] {"a", "b", "c"}) {
                Path dir = Files.createDirectories(replaced.resolve(d));
                for (int i = 0; i < 400; i++) Files.writeString(dir.resolve("f" + i), "x");
            }
            for (String d : new String[] {"workspace", "tmp", "zz"}) {
                Path dir = Files.createDirectories(sandbox.resolve(d));
                for (int i = 0; i < 200; i++) Files.writeString(dir.resolve("f" + i), "x");
            }
            CompletableFuture<Void> cleanup = CompletableFuture.runAsync(() -> FileTrees.delete(replaced));
            FileTrees.delete(sandbox);
            cleanup.join();
            assertThat(sandbox).doesNotExist();
        }
    }
}
