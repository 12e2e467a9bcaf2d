package dev.sandbench.engine.bench;

import dev.sandbench.engine.ChildEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One part of the engine benchmark on its own, for iterating on it: {@code terminal},
 * {@code snapshots}, or {@code after-flood} (snapshots after a recorded terminal flood). JVM options for the engine's process go in {@code -Dbench.engineJvm=...}
 * (space-separated), for example a flight recording.
 */
public final class QuickBench {
    private QuickBench() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "terminal";
        Path jar = Path.of("engine/target/sandbench-engine.jar");
        Path data = Files.createTempDirectory("sandbench-bench-");
        List<String> cmd = new ArrayList<>(List.of(ChildEngine.java()));
        String jvm = System.getProperty("bench.engineJvm", "");
        if (!jvm.isBlank()) cmd.addAll(List.of(jvm.trim().split("\\s+")));
        cmd.addAll(List.of("-jar", jar.toString(), "--port", "0", "--data-dir", data.toString()));
        String extra = System.getProperty("bench.engineArgs", "");
        if (!extra.isBlank()) cmd.addAll(List.of(extra.trim().split("\\s+")));
        try (EngineBench.ExternalEngine engine = new EngineBench.ExternalEngine(ChildEngine.start(cmd, Map.of(), data))) {
            EngineBench.Plain plain = new EngineBench.Plain(engine.url(), engine.key());
            String sbx = engine.client().createSandbox();
            for (int i = 0; i < 100; i++) plain.call("POST", "/v1/sandboxes/" + sbx + "/exec", "{\"command\":\"true\"}");
            if (what.equals("terminal")) {
                for (int round = 0; round < Integer.getInteger("bench.rounds", 1); round++) {
                    TerminalBench.Result r = TerminalBench.run(engine.url(), engine.key(), sbx);
                    System.out.printf("echo p50 %.2f ms p99 %.2f ms; throughput %.1f MB/s; bare pty %.1f MB/s%n",
                            r.echo().p(50), r.echo().p(99), r.mbPerSecond(), r.barePtyMbPerSecond());
                }
            } else {
                // "after-flood": the snapshots run in an engine that just recorded a terminal flood, as in EngineBench.
                if (what.equals("after-flood")) TerminalBench.run(engine.url(), engine.key(), sbx);
                SnapshotBench.Result r = SnapshotBench.run(engine, plain);
                System.out.printf("tree %d MB archive %d MB%n", r.treeBytes() >> 20, r.archiveBytes() >> 20);
                System.out.printf("snapshot p50 %.0f ms (baseline %.0f) = %.2fx, paired %.2fx%n", r.snapshot().p(50),
                        r.tarZstd().p(50), r.snapshot().p(50) / r.tarZstd().p(50), r.snapshotPairedRatio());
                System.out.printf("restore p50 %.0f ms (baseline %.0f) = %.2fx, paired %.2fx%n", r.restore().p(50),
                        r.untar().p(50), r.restore().p(50) / r.untar().p(50), r.restorePairedRatio());
                System.out.printf("fork p50 %.0f ms p99 %.0f; pause p50 %.1f resume p50 %.1f%n", r.fork().p(50), r.fork().p(99),
                        r.pause().p(50), r.resume().p(50));
            }
        }
    }
}
