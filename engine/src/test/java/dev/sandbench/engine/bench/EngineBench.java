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
        try (TestEngine engine = new TestEngine()) {
            TestEngine.Client api = engine.client();
            Stats bwrap = rawBwrap(creates);
            // Warm up the JIT and the HTTP path before measuring.
            String warm = api.createSandbox();
            for (int i = 0; i < 100; i++) api.exec(warm, "true");
            Stats create = new Stats();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < creates; i++) {
                long t = System.nanoTime();
                String id = api.createSandbox();
                create.add(System.nanoTime() - t);
                ids.add(id);
                if (ids.size() >= 10) {
                    ids.forEach(x -> api.delete("/v1/sandboxes/" + x));
                    ids.clear();
                }
            }
            ids.forEach(x -> api.delete("/v1/sandboxes/" + x));
            Stats get = new Stats();
            for (int i = 0; i < execs; i++) {
                long t = System.nanoTime();
                api.get("/v1/sandboxes/" + warm);
                get.add(System.nanoTime() - t);
            }
            Stats exec = new Stats();
            for (int i = 0; i < execs; i++) {
                long t = System.nanoTime();
                var r = api.post("/v1/sandboxes/" + warm + "/exec", Map.of("command", "true"));
                exec.add(System.nanoTime() - t);
                if (r.status() != 200) throw new IllegalStateException(r.toString());
            }
            String cgroups = api.get("/v1/info").json().get("cgroups").asText();
            write(out, bwrap, create, exec, get, cgroups);
        }
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

    static void write(Path out, Stats bwrap, Stats create, Stats exec, Stats get, String cgroups) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String md = """
                # Benchmarks

                Measured by `bench/run` on %s: %d cores (%s), %s, JDK %s. Limits via %s.
                Every figure is a ratio or a distribution measured in the same run; none is a test assertion.

                ## Engine core

                | measurement | n | p50 | p99 | target |
                |---|---:|---:|---:|---|
                | raw `bwrap … true` spawn from the JVM (baseline) | %d | %.1f ms | %.1f ms | |
                | sandbox create (`POST /v1/sandboxes`, HTTP round trip) | %d | %.1f ms | %.1f ms | p50 within 2x of baseline |
                | exec round trip of `true` (`POST /exec`, loopback) | %d | %.1f ms | %.1f ms | p50 under 5 ms |
                | API floor: `GET /v1/sandboxes/{id}` (baseline for exec) | %d | %.2f ms | %.2f ms | |

                Create p50 / baseline p50 = **%.2fx**.

                What a create does: insert the record, make the workspace directories, create the cgroups
                and write the limits, start bwrap with its init, wait for the init's "ready", then answer.
                What an exec does: join the cgroups (a `sh` writing its pid), `nsenter` into the sandbox's
                namespaces, `setsid`, `setpriv --no-new-privs`, `env -i` with the sandbox's environment,
                then `bash -c`; five program starts before the command runs. See docs/decisions/0002.
                """.formatted(LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpu, osName(),
                System.getProperty("java.version"), cgroups,
                bwrap.n(), bwrap.p(50), bwrap.p(99), create.n(), create.p(50), create.p(99),
                exec.n(), exec.p(50), exec.p(99), get.n(), get.p(50), get.p(99), create.p(50) / bwrap.p(50));
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String existing = Files.exists(out) ? Files.readString(out) : "";
        int keep = existing.indexOf("\n## ", existing.indexOf("## Engine core") + 1);
        String rest = existing.contains("## Engine core") && keep > 0 ? existing.substring(keep) : "";
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

    /** Latency samples in nanoseconds. */
    static final class Stats {
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
