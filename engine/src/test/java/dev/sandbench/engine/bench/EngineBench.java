package dev.sandbench.engine.bench;

import dev.sandbench.engine.TestEngine;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The engine benchmark: sandbox create and exec round trip against a raw bubblewrap spawn
 * measured in the same run on the same machine. Writes docs/benchmarks.md.
 * Run with {@code bench/run} (not part of the test suite: timings are not assertions).
 */
public final class EngineBench {
    private EngineBench() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
        int creates = Integer.getInteger("bench.creates", 60);
        int execs = Integer.getInteger("bench.execs", 400);
        try (ExternalEngine engine = ExternalEngine.start()) {
            TestEngine.Client api = engine.client();
            Stats bwrap = rawBwrap(creates);
            // Warm up the JIT and the HTTP path before measuring.
            String warm = api.createSandbox();
            for (int i = 0; i < 100; i++) api.exec(warm, "true");
            // Agents create one sandbox now and then; between creates the pool refills (not timed).
            Stats create = creates(engine, creates, 150);
            Plain plain = new Plain(engine.url(), engine.key());
            for (int i = 0; i < 200; i++) plain.call("POST", "/v1/sandboxes/" + warm + "/exec", "{\"command\":\"true\"}");
            Stats get = new Stats();
            for (int i = 0; i < execs; i++) {
                long t = System.nanoTime();
                plain.call("GET", "/v1/sandboxes/" + warm, null);
                get.add(System.nanoTime() - t);
            }
            Stats exec = new Stats();
            for (int i = 0; i < execs; i++) {
                long t = System.nanoTime();
                plain.call("POST", "/v1/sandboxes/" + warm + "/exec", "{\"command\":\"true\"}");
                exec.add(System.nanoTime() - t);
            }
            String py = api.createSandbox(Map.of("template", "python"));
            Stats persistent = new Stats();
            Stats cold = new Stats();
            String codeBody = "{\"language\":\"python\",\"code\":\"1+1\",\"persistent\":true}";
            for (int i = 0; i < 50; i++) plain.call("POST", "/v1/sandboxes/" + py + "/code", codeBody);
            for (int i = 0; i < execs / 2; i++) {
                long t = System.nanoTime();
                plain.call("POST", "/v1/sandboxes/" + py + "/code", codeBody);
                persistent.add(System.nanoTime() - t);
                t = System.nanoTime();
                plain.call("POST", "/v1/sandboxes/" + py + "/exec", "{\"command\":\"python3 -c 'print(1+1)'\"}");
                cold.add(System.nanoTime() - t);
            }
            TerminalBench.Result term = TerminalBench.run(engine.url(), engine.key(), warm);
            SnapshotBench.Result snaps = SnapshotBench.run(engine, plain);
            SessionsBench.Result sessions = SessionsBench.run(engine);
            McpBench.Result mcp = McpBench.run(engine, execs);
            String cgroups = api.get("/v1/info").json().get("cgroups").asText();
            Stats coldCreate;
            try (ExternalEngine noPool = ExternalEngine.start("--warm-pool", "0")) {
                coldCreate = creates(noPool, creates, 0);
            }
            write(out, bwrap, create, coldCreate, exec, get, cgroups);
            writeInteractive(out, persistent, cold, term);
            writeSnapshots(out, snaps);
            writeSessions(out, sessions);
            Files.writeString(out, Files.readString(out) + mcpSection(mcp), StandardCharsets.UTF_8);
            System.out.print(mcpSection(mcp));
        }
    }

    static void writeInteractive(Path out, Stats persistent, Stats cold, TerminalBench.Result term) throws IOException {
        String md = """

                ## Interactive (terminals, code)

                | measurement | n | p50 | p99 | target |
                |---|---:|---:|---:|---|
                | terminal keystroke echo (WebSocket frame in, echoed frame out) | %d | %.2f ms | %.2f ms | p50 under 2 ms |
                | persistent-interpreter `run_code` round trip (`POST /code`, python `1+1`) | %d | %.2f ms | %.2f ms | p50 under 2 ms |
                | cold `python3 -c` through `POST /exec` (baseline) | %d | %.2f ms | %.2f ms | |

                Terminal output throughput: **%.0f MB/s** (%d MB of `tr` output through the sandbox's PTY
                and the WebSocket as JSON frames, received by the JDK's WebSocket client, after an uncounted
                50 MB flood; target at least 100 MB/s). The same output through a bare host PTY in the same run: **%.0f MB/s** read by the
                smallest reader there is (python3 `os.read` of 64 KiB in a loop: the kernel's PTY hands out at
                most 4 KiB per read, so this is the ceiling here).
                Ratio to the bare PTY %.2f. Persistent run_code p50 / cold `python3 -c` p50 = %.2f.
                """.formatted(term.echo().n(), term.echo().p(50), term.echo().p(99), persistent.n(), persistent.p(50),
                persistent.p(99), cold.n(), cold.p(50), cold.p(99), term.mbPerSecond(), term.megabytes(),
                term.barePtyMbPerSecond(), term.mbPerSecond() / term.barePtyMbPerSecond(),
                persistent.p(50) / cold.p(50));
        Files.writeString(out, Files.readString(out) + md, StandardCharsets.UTF_8);
        System.out.print(md);
    }

    static void writeSnapshots(Path out, SnapshotBench.Result r) throws IOException {
        String md = """

                ## Snapshots

                A workspace of %d MB (50 random 1 MB files, 3,000 text files), archived to %d MB.

                | measurement | n | p50 | p99 | target |
                |---|---:|---:|---:|---|
                | snapshot (`POST /snapshots`: freeze, host find, tar and zstd, SHA-256 as the file grows, fsync) | %d | %.0f ms | %.0f ms | within 1.3x of baseline |
                | `tar -cf - … \\| zstd -1 -T0` of the same tree (baseline) | %d | %.0f ms | %.0f ms | |
                | restore (`POST /restore`: safe unpack with the checksum on the way, swap in by renames) | %d | %.0f ms | %.0f ms | within 1.3x of baseline |
                | `zstd -d \\| tar -x` of the same archive (baseline) | %d | %.0f ms | %.0f ms | |
                | deleting the replaced files, after the restore's answer (not in its time) | %d | %.0f ms | %.0f ms | |
                | fork (`POST /v1/sandboxes` with `from_snapshot`) | %d | %.0f ms | %.0f ms | |
                | pause (cgroup freezer) | %d | %.1f ms | %.1f ms | |
                | resume | %d | %.1f ms | %.1f ms | |

                Snapshot / baseline = **%.2fx**; restore / baseline = **%.2fx** (ratios of the p50s). The
                snapshot and its baseline run in alternating order, each after a `sync`, %d rounds; restores
                and untars %d rounds. The median of each round's own ratio: snapshot **%.2fx**, restore **%.2fx**.
                """.formatted(r.treeBytes() >> 20, r.archiveBytes() >> 20,
                r.snapshot().n(), r.snapshot().p(50), r.snapshot().p(99), r.tarZstd().n(), r.tarZstd().p(50), r.tarZstd().p(99),
                r.restore().n(), r.restore().p(50), r.restore().p(99), r.untar().n(), r.untar().p(50), r.untar().p(99),
                r.cleanup().n(), r.cleanup().p(50), r.cleanup().p(99),
                r.fork().n(), r.fork().p(50), r.fork().p(99), r.pause().n(), r.pause().p(50), r.pause().p(99),
                r.resume().n(), r.resume().p(50), r.resume().p(99), r.snapshot().p(50) / r.tarZstd().p(50),
                r.restore().p(50) / r.untar().p(50), r.snapshot().n(), r.restore().n(), r.snapshotPairedRatio(),
                r.restorePairedRatio());
        Files.writeString(out, Files.readString(out) + md, StandardCharsets.UTF_8);
        System.out.print(md);
    }

    static void writeSessions(Path out, SessionsBench.Result r) throws IOException {
        String md = """

                ## Sessions

                | measurement | n | p50 | p99 | target |
                |---|---:|---:|---:|---|
                | replay fetch of a 100,000-event session (`GET /replay`) | %d | %.0f ms | %.0f ms | under 1 s |
                | exec `true` with recording | %d | %.2f ms | %.2f ms | |
                | exec `true` without recording (`--no-record`, baseline) | %d | %.2f ms | %.2f ms | |

                Ingest: **%,.0f events/s** in batches of 1,000 over loopback (target at least 20,000).
                Recording overhead on exec p50: **%+.1f%%** (target under 5%%).
                """.formatted(r.replay().n(), r.replay().p(50), r.replay().p(99), r.recorded().n(), r.recorded().p(50),
                r.recorded().p(99), r.unrecorded().n(), r.unrecorded().p(50), r.unrecorded().p(99), r.eventsPerSecond(),
                (r.recorded().p(50) / r.unrecorded().p(50) - 1) * 100);
        Files.writeString(out, Files.readString(out) + md, StandardCharsets.UTF_8);
        System.out.print(md);
    }

    static String mcpSection(McpBench.Result r) {
        return """

                ## MCP

                A trivial tool call, `run_command` with `true`, one at a time, interleaved with the same command
                through the REST API.

                | measurement | n | p50 | p99 |
                |---|---:|---:|---:|
                | REST `POST /exec` `true` (baseline) | %d | %.2f ms | %.2f ms |
                | MCP Streamable HTTP `tools/call` (keep-alive POST, answer read from the event stream) | %d | %.2f ms | %.2f ms |
                | MCP Streamable HTTP through the MCP Java SDK's sync client | %d | %.2f ms | %.2f ms |
                | MCP over the WebSocket (JSON-RPC) | %d | %.2f ms | %.2f ms |
                """.formatted(r.rest().n(), r.rest().p(50), r.rest().p(99), r.http().n(), r.http().p(50), r.http().p(99),
                r.sdk().n(), r.sdk().p(50), r.sdk().p(99), r.ws().n(), r.ws().p(50), r.ws().p(99));
    }

    static Stats creates(ExternalEngine engine, int n, long pauseMs) throws Exception {
        Plain client = new Plain(engine.url(), engine.key());
        Stats s = new Stats();
        for (int i = 0; i < n + 5; i++) {
            Thread.sleep(pauseMs);
            long t = System.nanoTime();
            String body = client.call("POST", "/v1/sandboxes", "{}");
            long took = System.nanoTime() - t;
            if (i >= 5) s.add(took);
            client.call("DELETE", "/v1/sandboxes/" + TestEngine.JSON.readTree(body).get("id").asText(), null);
        }
        return s;
    }

    /** The baseline: bwrap with the same namespaces running {@code true}, spawned from this JVM. */
    static Stats rawBwrap(int n) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bwrap", "--unshare-user", "--uid", "1000", "--gid", "1000",
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--cap-drop", "ALL",
                "--die-with-parent", "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev"));
        for (String top : List.of("bin", "sbin", "lib", "lib64")) {
            Path p = Path.of("/", top);
            if (Files.isSymbolicLink(p)) {
                cmd.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), "/" + top));
            }
        }
        cmd.add("/usr/bin/true");
        Stats s = new Stats();
        for (int i = 0; i < n + 10; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) throw new IllegalStateException("bwrap failed");
            if (i >= 10) s.add(System.nanoTime() - t);
        }
        return s;
    }

    static void write(Path out, Stats bwrap, Stats create, Stats cold, Stats exec, Stats get, String cgroups) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String md = """
                # Benchmarks

                Measured by `bench/run` on %s: %d cores (%s), %s, JDK %s. Limits via %s. The engine runs in
                its own JVM (`java -jar`); timed calls use a blocking keep-alive HTTP client in the harness's JVM.
                Every figure is a ratio or a distribution measured in the same run; none is a test assertion.
                This machine is a shared 2-vCPU VM: baselines move by 20-30%% between runs (and disk-bound ones
                more), which is why every target is read against a baseline from the same run.

                ## Engine core

                | measurement | n | p50 | p99 | target |
                |---|---:|---:|---:|---|
                | raw `bwrap … true` spawn from the JVM (baseline) | %d | %.1f ms | %.1f ms | |
                | sandbox create (`POST /v1/sandboxes`, HTTP round trip, warm pool of 2) | %d | %.1f ms | %.1f ms | p50 within 2x of baseline |
                | sandbox create, cold (`--warm-pool 0`) | %d | %.1f ms | %.1f ms | |
                | exec round trip of `true` (`POST /exec`, loopback) | %d | %.1f ms | %.1f ms | p50 under 5 ms |
                | API floor: `GET /v1/sandboxes/{id}` (baseline for exec) | %d | %.2f ms | %.2f ms | |

                Create p50 / baseline p50 = **%.2fx** (cold: %.2fx).

                A create takes a warm sandbox (started ahead of demand), writes the request's limits into
                its cgroup and inserts the record; a cold create also makes the directories and cgroups
                and starts bwrap with the command runner as PID 1, waiting for its "ready" frame.
                An exec is one frame to the runner, one fork+exec of `bash -c`, and the output frames
                back; the API floor row is the same HTTP path without the command. See
                docs/decisions/0002.
                """.formatted(LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpu, osName(),
                System.getProperty("java.version"), cgroups,
                bwrap.n(), bwrap.p(50), bwrap.p(99), create.n(), create.p(50), create.p(99),
                cold.n(), cold.p(50), cold.p(99),
                exec.n(), exec.p(50), exec.p(99), get.n(), get.p(50), get.p(99), create.p(50) / bwrap.p(50),
                cold.p(50) / bwrap.p(50));
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Every section is measured again by this run and appended after this one; only sections
        // written by other tools (the installer's "Packages", bench/soak's "Soak") are carried over.
        String existing = Files.exists(out) ? Files.readString(out) : "";
        StringBuilder rest = new StringBuilder();
        for (String section : existing.split("\n(?=## )")) {
            if (section.startsWith("## Packages") || section.startsWith("## Soak")) {
                rest.append('\n').append(section.stripTrailing()).append('\n');
            }
        }
        Files.writeString(out, md + rest, StandardCharsets.UTF_8);
        System.out.print(md);
    }

    private static String osName() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .findFirst().map(l -> l.substring(13).replace("\"", "")).orElse("Linux");
        } catch (IOException e) {
            return "Linux";
        }
    }

    /**
     * The engine as users run it: its own JVM ({@code java -jar sandbench-engine.jar}), so the
     * client's and the engine's JIT, GC and threads do not share one process.
     */
    record ExternalEngine(dev.sandbench.engine.ChildEngine child) implements AutoCloseable {
        static ExternalEngine start(String... extraArgs) throws IOException {
            return start(List.of(), extraArgs);
        }

        /** With options for the engine's JVM. */
        static ExternalEngine start(List<String> jvmOptions, String... extraArgs) throws IOException {
            Path jar = Files.exists(Path.of("engine/target/sandbench-engine.jar"))
                    ? Path.of("engine/target/sandbench-engine.jar") : Path.of("target", "sandbench-engine.jar");
            if (!Files.exists(jar)) throw new IOException(jar.toAbsolutePath() + " is missing: run bench/run");
            Path data = Files.createTempDirectory("sandbench-bench-");
            List<String> cmd = new ArrayList<>(List.of(dev.sandbench.engine.ChildEngine.java()));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-jar", jar.toString(), "--port", "0", "--data-dir", data.toString()));
            cmd.addAll(List.of(extraArgs));
            return new ExternalEngine(dev.sandbench.engine.ChildEngine.start(cmd, Map.of(), data));
        }

        String url() { return child.url(); }

        String key() { return child.key(); }

        Path dataDir() { return child.dataDir(); }

        TestEngine.Client client() {
            return child.client();
        }

        @Override
        public void close() {
            child.close();
            TestEngine.deleteTree(child.dataDir());
        }
    }

    /**
     * A blocking keep-alive HTTP/1.1 client (HttpURLConnection) for the timed loops: the JDK's
     * asynchronous HttpClient adds about 2 ms of its own per call on this 2-core machine, which
     * would be measured as engine latency.
     */
    record Plain(String base, String key) {
        String call(String method, String path, String body) throws IOException {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(base + path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setRequestProperty("Authorization", "Bearer " + key);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            }
            int status = c.getResponseCode();
            String text;
            try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (status >= 300) throw new IOException(method + " " + path + " -> " + status + " " + text);
            return text;
        }
    }

    /** Latency samples in nanoseconds. */
    static final class Stats {
        Stats() {}
        private long[] v = new long[64];
        private int n;

        void add(long nanos) {
            if (n == v.length) v = Arrays.copyOf(v, n * 2);
            v[n++] = nanos;
        }

        int n() { return n; }

        double p(int pct) {
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            int i = (int) Math.ceil(pct / 100.0 * n) - 1;
            return s[Math.max(0, Math.min(n - 1, i))] / 1e6;
        }
    }
}
