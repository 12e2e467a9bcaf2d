package dev.sandbench.engine.storage;

import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the kernel disk limit adds to a sandbox create: making its directory a btrfs subvolume and
 * setting its qgroup limit, against a plain directory in the data directory, p50 of 20 each. Also
 * the engine start's one-time cost (image, mkfs, mount, quotas). Not part of the suite: run it by
 * name, {@code ./mvnw -pl engine test -Dtest=StorageCostBench}.
 */
class StorageCostBench {
    @Test
    void storageCost() throws Exception {
        assumeTrue(dev.sandbench.engine.runtime.BubblewrapRuntime.unixUid() == 0, "root only");
        Path data = Files.createTempDirectory("sandbench-storage-bench-");
        try {
            long t0 = System.nanoTime();
            Storage hard = Storage.open(data, 0, true);
            long startMs = (System.nanoTime() - t0) / 1_000_000;
            Storage plain = Storage.open(data.resolve("plain"), -1, true);
            Files.createDirectories(data.resolve("plain/sandboxes"));
            List<Long> volume = new ArrayList<>();
            List<Long> dir = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                Path v = hard.root().resolve("sandboxes").resolve("v" + i);
                hard.createVolume(v);
                hard.limit(v, 1L << 30);
                volume.add(System.nanoTime() - t);
                t = System.nanoTime();
                plain.createVolume(plain.root().resolve("sandboxes").resolve("d" + i));
                dir.add(System.nanoTime() - t);
            }
            volume.sort(null);
            dir.sort(null);
            System.out.printf("STORAGE-COST engine start (image, mkfs, mount, quota) %d ms; per create: volume+limit p50 %.2f ms "
                    + "(p90 %.2f), plain directory p50 %.2f ms%n", startMs, volume.get(10) / 1e6, volume.get(18) / 1e6, dir.get(10) / 1e6);
            hard.close();
        } finally {
            TestEngine.deleteTree(data);
        }
    }
}
