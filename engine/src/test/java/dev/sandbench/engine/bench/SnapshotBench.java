package dev.sandbench.engine.bench;

import dev.sandbench.engine.TestEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Snapshot and restore of a ~100 MB mixed workspace against tar | zstd of the same tree; fork, pause, resume. */
final class SnapshotBench {
    record Result(EngineBench.Stats snapshot, EngineBench.Stats tarZstd, EngineBench.Stats restore,
                  EngineBench.Stats untar, EngineBench.Stats fork, EngineBench.Stats pause, EngineBench.Stats resume,
                  long treeBytes, long archiveBytes) {}

    private SnapshotBench() {}

    static Result run(EngineBench.ExternalEngine engine, EngineBench.Plain plain) throws Exception {
        TestEngine.Client api = engine.client();
        String id = api.createSandbox();
        api.post("/v1/sandboxes/" + id + "/exec", java.util.Map.of("timeout_ms", 600_000, "command",
                "mkdir -p mixed && for i in $(seq 50); do head -c 1000000 /dev/urandom > mixed/r$i.bin; done; "
                        + "for i in $(seq 3000); do seq $i $((i+3000)) > mixed/t$i.txt; done; du -sb mixed | cut -f1"));
        long tree = Long.parseLong(api.output(id, "du -sb /workspace | cut -f1").trim());
        Path dir = sandboxDir(engine, id, api);
        Path scratch = Files.createTempDirectory("sandbench-bench-tar-");
        EngineBench.Stats snapshot = new EngineBench.Stats();
        EngineBench.Stats tarZstd = new EngineBench.Stats();
        EngineBench.Stats restore = new EngineBench.Stats();
        EngineBench.Stats untar = new EngineBench.Stats();
        String snapId = null;
        long archive = 0;
        for (int i = 0; i < Integer.getInteger("bench.rounds", 7); i++) {
            // Each timed step starts with nothing left to write back from the one before (the
            // restore and the untar each leave 90 MB dirty): that writeback would land on
            // whichever step came next, and an fsync waits for it.
            sh("sync");
            long t = System.nanoTime();
            String body = plain.call("POST", "/v1/sandboxes/" + id + "/snapshots", "{}");
            snapshot.add(System.nanoTime() - t);
            var snap = TestEngine.JSON.readTree(body);
            snapId = snap.get("id").asText();
            archive = snap.get("size_bytes").asLong();

            Path out = scratch.resolve("base.tar.zst");
            sh("sync");
            t = System.nanoTime();
            sh("tar -C '" + dir + "' -cf - workspace home tmp | zstd -q -1 -T0 -o '" + out + "' -f");
            tarZstd.add(System.nanoTime() - t);
            System.err.printf("PAIR snap %.0f base %.0f%n", snapshot.last() / 1e6, (System.nanoTime() - t) / 1e6);

            if (Boolean.getBoolean("bench.noRestore")) continue;
            sh("sync");
            t = System.nanoTime();
            plain.call("POST", "/v1/snapshots/" + snapId + "/restore", "{}");
            restore.add(System.nanoTime() - t);

            Path into = scratch.resolve("into");
            sh("rm -rf '" + into + "' && mkdir -p '" + into + "' && sync");
            t = System.nanoTime();
            sh("zstd -q -d -c '" + out + "' | tar -x -C '" + into + "'");
            untar.add(System.nanoTime() - t);
        }
        EngineBench.Stats fork = new EngineBench.Stats();
        for (int i = 0; i < 3; i++) {
            sh("sync");
            long t = System.nanoTime();
            String body = plain.call("POST", "/v1/sandboxes", "{\"from_snapshot\":\"" + snapId + "\"}");
            fork.add(System.nanoTime() - t);
            plain.call("DELETE", "/v1/sandboxes/" + TestEngine.JSON.readTree(body).get("id").asText(), null);
        }
        String idle = api.createSandbox();
        EngineBench.Stats pause = new EngineBench.Stats();
        EngineBench.Stats resume = new EngineBench.Stats();
        for (int i = 0; i < 50; i++) {
            long t = System.nanoTime();
            plain.call("POST", "/v1/sandboxes/" + idle + "/pause", "{}");
            pause.add(System.nanoTime() - t);
            t = System.nanoTime();
            plain.call("POST", "/v1/sandboxes/" + idle + "/resume", "{}");
            resume.add(System.nanoTime() - t);
        }
        TestEngine.deleteTree(scratch);
        return new Result(snapshot, tarZstd, restore, untar, fork, pause, resume, tree, archive);
    }

    private static Path sandboxDir(EngineBench.ExternalEngine engine, String id, TestEngine.Client api) throws Exception {
        String marker = ".bench-" + System.nanoTime();
        api.put("/v1/sandboxes/" + id + "/files/content", java.util.Map.of("path", "/workspace/" + marker, "content", "x"));
        try (Stream<Path> dirs = Files.list(engine.dataDir().resolve("sandboxes"))) {
            Path d = dirs.filter(p -> Files.exists(p.resolve("workspace").resolve(marker))).findFirst().orElseThrow();
            Files.delete(d.resolve("workspace").resolve(marker));
            return d;
        }
    }

    private static void sh(String script) throws Exception {
        Process p = new ProcessBuilder(List.of("/bin/sh", "-c", script)).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("failed: " + script);
    }
}
