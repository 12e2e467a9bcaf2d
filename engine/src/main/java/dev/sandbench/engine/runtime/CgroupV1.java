package dev.sandbench.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * cgroup v1 (one hierarchy per controller), as on hybrid hosts where the v2 mount carries no
 * controllers. Needs write access to the hierarchies, which in practice means root.
 */
final class CgroupV1 implements Cgroups {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final String[] CONTROLLERS = {"memory", "pids", "cpu", "cpuacct", "freezer"};
    private static String whyNot = "cgroup v1 not probed";

    /** controller name -> this engine's parent cgroup in that hierarchy. */
    private final Map<String, Path> parents;

    private CgroupV1(Map<String, Path> parents) {
        this.parents = parents;
    }

    static String whyNot() {
        return whyNot;
    }

    static Cgroups tryCreate(String engineTag) {
        Map<String, Path> parents = new LinkedHashMap<>();
        for (String c : CONTROLLERS) {
            Path h = ROOT.resolve(c);
            if (!Files.isRegularFile(h.resolve("cgroup.procs"))) {
                continue;
            }
            Path parent = h.resolve(engineTag);
            try {
                Files.createDirectories(parent);
                parents.put(c, parent);
            } catch (IOException e) {
                whyNot = "cgroup v1 hierarchy " + h + " is not writable (" + e.getMessage() + ")";
                return null;
            }
        }
        if (!parents.containsKey("memory") || !parents.containsKey("pids")) {
            whyNot = "cgroup v1 memory and pids hierarchies are not mounted";
            return null;
        }
        return new CgroupV1(parents);
    }

    @Override
    public String mechanism() {
        return "cgroup v1";
    }

    @Override
    public Map<String, Enforcement> enforcement() {
        Map<String, Enforcement> m = new LinkedHashMap<>();
        m.put("memory", new Enforcement(true, "cgroup v1 memory.limit_in_bytes (OOM kill inside the sandbox)"));
        m.put("pids", new Enforcement(true, "cgroup v1 pids.max"));
        m.put("cpu", parents.containsKey("cpu")
                ? new Enforcement(true, "cgroup v1 cpu.cfs_quota_us")
                : new Enforcement(false, "cgroup v1 cpu controller not mounted"));
        m.put("freezer", parents.containsKey("freezer")
                ? new Enforcement(true, "cgroup v1 freezer.state")
                : new Enforcement(false, "cgroup v1 freezer not mounted"));
        return m;
    }

    @Override
    public SandboxCgroup create(String sandboxId, Limits limits) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> e : parents.entrySet()) {
                Path d = e.getValue().resolve(sandboxId);
                Files.createDirectories(d);
                dirs.put(e.getKey(), d);
            }
        } catch (IOException e) {
            dirs.values().forEach(CgroupFiles::rmdirTree);
            throw new IllegalStateException("cannot create cgroup for " + sandboxId + ": " + e.getMessage(), e);
        }
        V1Group g = new V1Group(dirs);
        g.update(limits);
        return g;
    }

    @Override
    public void removeParentIfEmpty() {
        // rmdir refuses a cgroup that still has children or processes: nothing live is removed.
        parents.values().forEach(CgroupV1::rmdirQuietly);
    }

    private static void rmdirQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // still in use
        }
    }

    @Override
    public int removeLeftovers() {
        int removed = 0;
        Set<String> ids = new LinkedHashSet<>();
        for (Path parent : parents.values()) {
            try (Stream<Path> s = Files.list(parent)) {
                s.filter(Files::isDirectory).forEach(d -> ids.add(d.getFileName().toString()));
            } catch (IOException ignored) {
                // nothing there
            }
        }
        for (String id : ids) {
            Map<String, Path> dirs = new LinkedHashMap<>();
            parents.forEach((c, p) -> dirs.put(c, p.resolve(id)));
            V1Group g = new V1Group(dirs);
            g.killAll();
            g.close();
            removed++;
        }
        return removed;
    }

    private static final class V1Group implements SandboxCgroup {
        private final Map<String, Path> dirs;

        V1Group(Map<String, Path> dirs) {
            this.dirs = dirs;
        }

        @Override
        public void update(Limits limits) {
            Path mem = dirs.get("memory");
            Path memsw = mem.resolve("memory.memsw.limit_in_bytes");
            String bytes = Long.toString(limits.memoryBytes());
            // memsw must stay >= the memory limit: raise in the order that keeps that true.
            boolean swap = Files.exists(memsw);
            if (swap && CgroupFiles.readLong(memsw) < limits.memoryBytes()) CgroupFiles.tryWrite(memsw, bytes);
            CgroupFiles.write(mem.resolve("memory.limit_in_bytes"), bytes);
            // No swap beyond the memory limit, so the limit means what it says.
            if (swap) CgroupFiles.tryWrite(memsw, bytes);
            CgroupFiles.write(dirs.get("pids").resolve("pids.max"), Long.toString(limits.pids()));
            Path cpu = dirs.get("cpu");
            if (cpu != null) {
                long period = 100_000;
                CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(period));
                CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(Math.max(1000, (long) (limits.cpus() * period))));
            }
        }

        @Override
        public List<String> initProcsFiles() {
            // The engine's own memory cgroup (no limit of its own) instead of the sandbox's.
            List<String> files = new ArrayList<>();
            for (String f : procsFiles()) {
                Path p = Path.of(f);
                files.add(p.getParent().equals(realMemory()) ? realMemory().getParent().resolve("cgroup.procs").toString() : f);
            }
            return files;
        }

        @Override
        public boolean separatesInit() {
            return true;
        }

        @Override
        public boolean admit(long hostPid) {
            return CgroupFiles.tryWrite(realMemory().resolve("cgroup.procs"), Long.toString(hostPid));
        }

        private Path realMemory() {
            Path mem = dirs.get("memory");
            try {
                return mem.toRealPath();
            } catch (IOException e) {
                return mem;
            }
        }

        @Override
        public List<String> procsFiles() {
            Set<String> out = new LinkedHashSet<>();
            for (Path d : dirs.values()) {
                try {
                    out.add(d.toRealPath().resolve("cgroup.procs").toString());
                } catch (IOException e) {
                    out.add(d.resolve("cgroup.procs").toString());
                }
            }
            return new ArrayList<>(out);
        }

        @Override
        public void freeze() {
            Path f = freezer();
            CgroupFiles.write(f.resolve("freezer.state"), "FROZEN");
            CgroupFiles.await(() -> "FROZEN".equals(CgroupFiles.read(f.resolve("freezer.state"))));
        }

        @Override
        public void thaw() {
            CgroupFiles.write(freezer().resolve("freezer.state"), "THAWED");
        }

        @Override
        public boolean frozen() {
            Path f = dirs.get("freezer");
            return f != null && "FROZEN".equals(CgroupFiles.read(f.resolve("freezer.state")));
        }

        private Path freezer() {
            Path f = dirs.get("freezer");
            if (f == null) throw new UnsupportedOperationException("the cgroup v1 freezer is not mounted");
            return f;
        }

        @Override
        public void killAll() {
            Path procs = dirs.get("pids").resolve("cgroup.procs");
            if (!Files.exists(procs)) return;
            Path f = dirs.get("freezer");
            // Freeze first so a fork bomb cannot outrun the kill loop.
            if (f != null) CgroupFiles.tryWrite(f.resolve("freezer.state"), "FROZEN");
            for (int round = 0; round < 400; round++) {
                List<Long> pids = CgroupFiles.pids(procs);
                if (pids.isEmpty()) break;
                CgroupFiles.kill(pids);
                if (f != null) CgroupFiles.tryWrite(f.resolve("freezer.state"), "THAWED");
                CgroupFiles.sleep(round < 10 ? 2 : 10);
            }
            if (f != null) CgroupFiles.tryWrite(f.resolve("freezer.state"), "THAWED");
        }

        @Override
        public CgroupStats stats() {
            Path mem = dirs.get("memory");
            Path pids = dirs.get("pids");
            Path acct = dirs.get("cpuacct");
            long cpuNs = acct == null ? -1 : CgroupFiles.readLong(acct.resolve("cpuacct.usage"));
            return new CgroupStats(
                    cpuNs < 0 ? -1 : cpuNs / 1000,
                    CgroupFiles.readLong(mem.resolve("memory.usage_in_bytes")),
                    CgroupFiles.readLong(mem.resolve("memory.limit_in_bytes")),
                    CgroupFiles.readLong(mem.resolve("memory.max_usage_in_bytes")),
                    CgroupFiles.readLong(pids.resolve("pids.current")),
                    CgroupFiles.readLong(pids.resolve("pids.max")),
                    Math.max(0, CgroupFiles.keyed(mem.resolve("memory.oom_control"), "oom_kill")),
                    CgroupFiles.keyed(pids.resolve("pids.events"), "max"));
        }

        @Override
        public void close() {
            for (Path d : dirs.values()) {
                for (int i = 0; i < 50 && !CgroupFiles.rmdirTree(d); i++) {
                    CgroupFiles.sleep(10);
                }
            }
        }
    }
}
