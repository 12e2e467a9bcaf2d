package dev.sandbench.engine.bench;

import dev.sandbench.engine.TestEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Snapshot and restore of a ~100 MB mixed workspace against tar | zstd of the same tree; fork, pause, resume. */
final class SnapshotBench {
    /** Medians of the rounds' own ratios (engine / baseline in the same round) beside the separate distributions. */
    record Result(EngineBench.Stats snapshot, EngineBench.Stats tarZstd, double snapshotPairedRatio, EngineBench.Stats restore,
                  EngineBench.Stats untar, double restorePairedRatio, EngineBench.Stats cleanup, EngineBench.Stats fork,
                  EngineBench.Stats pause,
                  EngineBench.Stats resume, long treeBytes, long archiveBytes) {}

    /** Snapshots take a fifth of a second, so more rounds are cheap; a restore and an untar take seconds each. */
    static final int SNAPSHOT_ROUNDS = Integer.getInteger("bench.snapshotRounds", 15);
    static final int RESTORE_ROUNDS = Integer.getInteger("bench.restoreRounds", 7);

    private SnapshotBench() {}

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static Result run(EngineBench.ExternalEngine engine, EngineBench.Plain plain) throws Exception {
        TestEngine.Client api = engine.client();
        String id = api.createSandbox();
        api.post("/v1/sandboxes/" + id + "/exec", java.util.Map.of("timeout_ms", 600_000, "command",
                "mkdir -p mixed && for i in $(seq 50); do head -c 1000000 /dev/urandom > mixed/r$i.bin; done; "
                        + "for i in $(seq 3000); do seq $i $((i+3000)) > mixed/t$i.txt; done; du -sb mixed | cut -f1"));
        long tree = Long.parseLong(api.output(id, "du -sb /workspace | cut -f1").trim());
        Path dir = sandboxDir(engine, id, api);
        Path scratch = Files.createTempDirectory("sandbench-bench-tar-");
        Path out = scratch.resolve("base.tar.zst");
        // Each timed step starts with nothing left to write back from the one before (a restore
        // or an untar leaves 90 MB dirty): that writeback would land on whichever step came next,
        // and an fsync waits for it. Within a round the order alternates, so neither side always
        // runs first, and each round's pair is also compared as a ratio of its own.
        EngineBench.Stats snapshot = new EngineBench.Stats();
        EngineBench.Stats tarZstd = new EngineBench.Stats();
        List<Double> snapshotRatios = new ArrayList<>();
        String snapId = null;
        long archive = 0;
        for (int i = 0; i < SNAPSHOT_ROUNDS; i++) {
            if (snapId != null) plain.call("DELETE", "/v1/snapshots/" + snapId, null);
            long engineNanos = 0;
            long baseNanos = 0;
            for (int side = 0; side < 2; side++) {
                sh("sync");
                long t = System.nanoTime();
                if ((side == 0) == (i % 2 == 0)) {
                    String body = plain.call("POST", "/v1/sandboxes/" + id + "/snapshots", "{}");
                    engineNanos = System.nanoTime() - t;
                    var snap = TestEngine.JSON.readTree(body);
                    snapId = snap.get("id").asText();
                    archive = snap.get("size_bytes").asLong();
                } else {
                    sh("tar -C '" + dir + "' -cf - workspace home tmp | zstd -q -1 -T0 -o '" + out + "' -f");
                    baseNanos = System.nanoTime() - t;
                }
            }
            snapshot.add(engineNanos);
            tarZstd.add(baseNanos);
            snapshotRatios.add((double) engineNanos / baseNanos);
        }
        EngineBench.Stats restore = new EngineBench.Stats();
        EngineBench.Stats untar = new EngineBench.Stats();
        List<Double> restoreRatios = new ArrayList<>();
        EngineBench.Stats cleanup = new EngineBench.Stats();
        Path into = scratch.resolve("into");
        for (int i = 0; i < RESTORE_ROUNDS; i++) {
            long engineNanos = 0;
            long baseNanos = 0;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == (i % 2 == 0)) {
                    sh("sync");
                    long t = System.nanoTime();
                    plain.call("POST", "/v1/snapshots/" + snapId + "/restore", "{}");
                    engineNanos = System.nanoTime() - t;
                    // The engine deletes the replaced files after it answers: that work must not land
                    // on the next timed step, so the round waits for it (and records how long it took).
                    while (hasScratch(dir)) Thread.sleep(5);
                    cleanup.add(System.nanoTime() - t - engineNanos);
                } else {
                    // Into an empty directory, as the restore unpacks into an empty staging one.
                    sh("rm -rf '" + into + "' && mkdir -p '" + into + "' && sync");
                    long t = System.nanoTime();
                    sh("zstd -q -d -c '" + out + "' | tar -x -C '" + into + "'");
                    baseNanos = System.nanoTime() - t;
                }
            }
            restore.add(engineNanos);
            untar.add(baseNanos);
            restoreRatios.add((double) engineNanos / baseNanos);
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
        return new Result(snapshot, tarZstd, median(snapshotRatios), restore, untar, median(restoreRatios), cleanup, fork, pause,
                resume, tree, archive);
    }

    private static Path sandboxDir(EngineBench.ExternalEngine engine, String id, TestEngine.Client api) throws Exception {
        String marker = ".bench-" + System.nanoTime();
        api.put("/v1/sandboxes/" + id + "/files/content", java.util.Map.of("path", "/workspace/" + marker, "content", "x"));
        try (Stream<Path> dirs = Files.list(TestEngine.sandboxesDir(engine.dataDir()))) {
            Path d = dirs.filter(p -> Files.exists(p.resolve("workspace").resolve(marker))).findFirst().orElseThrow();
            Files.delete(d.resolve("workspace").resolve(marker));
            return d;
        }
    }

    private static boolean hasScratch(Path sandboxDir) throws java.io.IOException {
        try (Stream<Path> entries = Files.list(sandboxDir)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith(".scratch-"));
        }
    }

    private static void sh(String script) throws Exception {
        Process p = new ProcessBuilder(List.of("/bin/sh", "-c", script)).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("failed: " + script);
    }
}
