package dev.sandbench.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * cgroup v2 (unified hierarchy), as on desktop Linux with systemd. As an ordinary user this
 * needs a delegated subtree, for example by starting the engine with
 * {@code systemd-run --user --scope -p Delegate=yes}. The engine moves itself into a leaf
 * ({@code engine}) of its own cgroup so that it may enable controllers for its sandboxes there
 * (cgroup v2 allows no processes in a cgroup that distributes controllers).
 */
final class CgroupV2 implements Cgroups {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static String whyNot = "cgroup v2 not probed";

    private final Path parent;
    private final Set<String> controllers;

    private CgroupV2(Path parent, Set<String> controllers) {
        this.parent = parent;
        this.controllers = controllers;
    }

    static String whyNot() {
        return whyNot;
    }

    static Cgroups tryCreate(String engineTag) {
        if (!Files.isRegularFile(ROOT.resolve("cgroup.controllers"))) {
            whyNot = "no unified cgroup v2 hierarchy at " + ROOT;
            return null;
        }
        try {
            String own = ownCgroup();
            Path base = ROOT.resolve(own.startsWith("/") ? own.substring(1) : own).normalize();
            if (!Files.isWritable(base.resolve("cgroup.subtree_control"))) {
                whyNot = "cgroup v2 subtree " + base + " is not delegated to this user "
                        + "(start the engine with: systemd-run --user --scope -p Delegate=yes ...)";
                return null;
            }
            Set<String> available = words(CgroupFiles.read(base.resolve("cgroup.controllers")));
            if (!available.contains("memory") || !available.contains("pids")) {
                whyNot = "cgroup v2 subtree " + base + " lacks the memory and pids controllers (has " + available + ")";
                return null;
            }
            if (!base.equals(ROOT)) {
                // Leave the cgroup itself empty so it may hand controllers down.
                Path leaf = base.resolve("engine");
                Files.createDirectories(leaf);
                for (long pid : CgroupFiles.pids(base.resolve("cgroup.procs"))) {
                    if (pid == ProcessHandle.current().pid()) {
                        CgroupFiles.write(leaf.resolve("cgroup.procs"), Long.toString(pid));
                    }
                }
            }
            Set<String> wanted = available.stream().filter(c -> Set.of("memory", "pids", "cpu").contains(c))
                    .collect(Collectors.toSet());
            enable(base, wanted);
            Path parent = base.resolve(engineTag);
            Files.createDirectories(parent);
            enable(parent, wanted);
            return new CgroupV2(parent, wanted);
        } catch (IOException | RuntimeException e) {
            whyNot = "cgroup v2 could not be set up: " + e.getMessage();
            return null;
        }
    }

    private static void enable(Path cgroup, Set<String> controllers) {
        String spec = controllers.stream().map(c -> "+" + c).collect(Collectors.joining(" "));
        CgroupFiles.write(cgroup.resolve("cgroup.subtree_control"), spec);
    }

    private static String ownCgroup() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            if (line.startsWith("0::")) {
                return line.substring(3);
            }
        }
        throw new IOException("no cgroup v2 entry in /proc/self/cgroup");
    }

    private static Set<String> words(String s) {
        return s == null || s.isBlank() ? Set.of() : Set.of(s.trim().split("\\s+"));
    }

    @Override
    public String mechanism() {
        return "cgroup v2";
    }

    @Override
    public Map<String, Enforcement> enforcement() {
        Map<String, Enforcement> m = new LinkedHashMap<>();
        m.put("memory", new Enforcement(true, "cgroup v2 memory.max (OOM kill inside the sandbox)"));
        m.put("pids", new Enforcement(true, "cgroup v2 pids.max"));
        m.put("cpu", controllers.contains("cpu")
                ? new Enforcement(true, "cgroup v2 cpu.max")
                : new Enforcement(false, "the cpu controller is not delegated to this subtree"));
        m.put("freezer", new Enforcement(true, "cgroup v2 cgroup.freeze"));
        return m;
    }

    @Override
    public SandboxCgroup create(String sandboxId, Limits limits) {
        Path dir = parent.resolve(sandboxId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create cgroup " + dir + ": " + e.getMessage(), e);
        }
        V2Group g = new V2Group(dir, controllers.contains("cpu"));
        g.update(limits);
        return g;
    }

    @Override
    public void removeParentIfEmpty() {
        try {
            // rmdir refuses a cgroup that still has children or processes: nothing live is removed.
            java.nio.file.Files.deleteIfExists(parent);
        } catch (java.io.IOException ignored) {
            // still in use
        }
    }

    @Override
    public int removeLeftovers() {
        int n = 0;
        try (Stream<Path> s = Files.list(parent)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                V2Group g = new V2Group(d, controllers.contains("cpu"));
                g.killAll();
                g.close();
                n++;
            }
        } catch (IOException ignored) {
            // nothing left
        }
        return n;
    }

    private static final class V2Group implements SandboxCgroup {
        private final Path dir;
        private final boolean cpu;

        V2Group(Path dir, boolean cpu) {
            this.dir = dir;
            this.cpu = cpu;
        }

        @Override
        public void update(Limits limits) {
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
            CgroupFiles.tryWrite(dir.resolve("memory.swap.max"), "0");
            CgroupFiles.write(dir.resolve("pids.max"), Long.toString(limits.pids()));
            if (cpu) {
                long period = 100_000;
                CgroupFiles.write(dir.resolve("cpu.max"), Math.max(1000, (long) (limits.cpus() * period)) + " " + period);
            }
        }

        @Override
        public List<String> procsFiles() {
            return List.of(dir.resolve("cgroup.procs").toString());
        }

        @Override
        public void freeze() {
            CgroupFiles.write(dir.resolve("cgroup.freeze"), "1");
            CgroupFiles.await(this::frozen);
        }

        @Override
        public void thaw() {
            CgroupFiles.write(dir.resolve("cgroup.freeze"), "0");
        }

        @Override
        public boolean frozen() {
            return CgroupFiles.keyed(dir.resolve("cgroup.events"), "frozen") == 1;
        }

        @Override
        public void killAll() {
            Path procs = dir.resolve("cgroup.procs");
            if (!Files.exists(procs)) return;
            boolean killFile = CgroupFiles.tryWrite(dir.resolve("cgroup.kill"), "1");
            for (int round = 0; round < 400; round++) {
                List<Long> pids = CgroupFiles.pids(procs);
                if (pids.isEmpty()) break;
                if (!killFile) {
                    CgroupFiles.tryWrite(dir.resolve("cgroup.freeze"), "1");
                    CgroupFiles.kill(pids);
                    CgroupFiles.tryWrite(dir.resolve("cgroup.freeze"), "0");
                }
                CgroupFiles.sleep(round < 10 ? 2 : 10);
            }
        }

        @Override
        public CgroupStats stats() {
            return new CgroupStats(
                    CgroupFiles.keyed(dir.resolve("cpu.stat"), "usage_usec"),
                    CgroupFiles.readLong(dir.resolve("memory.current")),
                    CgroupFiles.readLong(dir.resolve("memory.max")),
                    CgroupFiles.readLong(dir.resolve("memory.peak")),
                    CgroupFiles.readLong(dir.resolve("pids.current")),
                    CgroupFiles.readLong(dir.resolve("pids.max")),
                    Math.max(0, CgroupFiles.keyed(dir.resolve("memory.events"), "oom_kill")),
                    CgroupFiles.keyed(dir.resolve("pids.events"), "max"));
        }

        @Override
        public void close() {
            for (int i = 0; i < 50 && !CgroupFiles.rmdirTree(dir); i++) {
                CgroupFiles.sleep(10);
            }
        }
    }
}
