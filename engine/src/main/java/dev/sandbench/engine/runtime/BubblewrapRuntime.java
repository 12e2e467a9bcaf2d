package dev.sandbench.engine.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs sandboxes as bubblewrap process trees: new user, pid, mount, ipc, uts, cgroup and
 * network namespaces, every capability dropped, no further user namespaces, the host's
 * /usr read-only, a generated /etc, and a private writable /workspace, /home/user and /tmp.
 * When the engine runs as root the sandbox maps to its own unprivileged host uid, so even
 * files the host's root owns are foreign to it.
 */
public final class BubblewrapRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(BubblewrapRuntime.class);
    /** Put last on a sandbox's PATH: plain names for versioned host commands ({@code python} for {@code python3}). */
    public static final String ALIASES_DIR = Rootfs.ALIASES_DIR;
    static final String INIT = "trap '' HUP INT QUIT TERM USR1 USR2 PIPE; echo ready; "
            + "exec >/dev/null 2>&1 </dev/null; while :; do sleep 86400 & wait; done";

    private final HostTools tools;
    private final SandboxNetns.Tools netTools = SandboxNetns.Tools.find();
    private final Cgroups cgroups;
    private final Rootfs rootfs;
    private final boolean root;
    private final int sandboxUid;
    private final int sandboxGid;
    /**
     * bwrap's --die-with-parent and slirp4netns' parent-death signal fire when the *thread*
     * that spawned them exits, so every long-lived process is spawned from this one thread.
     */
    static final java.util.Optional<Path> PRLIMIT = HostTools.locate("prlimit");
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sandbox-launcher");
        t.setDaemon(true);
        return t;
    });

    public BubblewrapRuntime(HostTools tools, Cgroups cgroups, Path runtimeDir) throws IOException {
        this.tools = tools;
        this.cgroups = cgroups;
        this.root = unixUid() == 0;
        // bwrap nests a second user namespace when the sandbox uid differs from the caller's;
        // an unprivileged engine could not enter the sandbox's namespaces then, so it keeps its own uid.
        this.sandboxUid = root ? 1000 : (int) unixUid();
        this.sandboxGid = root ? 1000 : (int) unixGid();
        this.rootfs = Rootfs.build(runtimeDir.resolve("etc"), sandboxUid, sandboxGid);
    }

    public HostTools tools() { return tools; }

    public Cgroups cgroups() { return cgroups; }

    /**
     * What sandboxes with network need and this host lacks (slirp4netns for the link; nft, ip and
     * perl for the egress policy); empty when they can be created.
     */
    public List<String> networkMissing() {
        List<String> out = new ArrayList<>();
        if (tools.slirp4netns().isEmpty()) out.add("slirp4netns (Debian/Ubuntu: sudo apt-get install slirp4netns)");
        out.addAll(netTools.missing());
        return out;
    }

    /** Whether sandboxes get their own host uids (engine runs as root) or share the engine's. */
    public boolean separateUids() { return root; }

    static long unixGid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    public static long unixUid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Isolation features in force, for {@code /v1/info}. */
    public List<String> isolation() {
        return List.of("user namespace (sandbox uid 1000" + (root ? ", own host uid" : ", engine's host uid") + ")",
                "pid namespace", "mount namespace", "ipc namespace", "uts namespace", "cgroup namespace",
                "network namespace", "all capabilities dropped", "no_new_privs", "nested user namespaces disabled",
                "host /usr read-only", "generated /etc", "clean environment");
    }

    public RunningSandbox start(SandboxSpec spec) throws IOException {
        SandboxCgroup cgroup = cgroups.create(spec.id(), spec.limits());
        try {
            return launch(spec, cgroup);
        } catch (IOException | RuntimeException e) {
            cgroup.killAll();
            cgroup.close();
            throw e;
        }
    }

    private RunningSandbox launch(SandboxSpec spec, SandboxCgroup cgroup) throws IOException {
        List<String> cmd = new ArrayList<>();
        List<String> procs = cgroup.initProcsFiles();
        if (!procs.isEmpty() || root) {
            cmd.addAll(RunningSandbox.cgroupJoin(tools, procs));
        }
        if (spec.fileSizeLimit() > 0 && PRLIMIT.isPresent()) {
            // A measured disk limit: no single file of any sandbox process outgrows it (EFBIG inside).
            cmd.addAll(List.of(PRLIMIT.get().toString(), "--fsize=" + spec.fileSizeLimit(), "--"));
        }
        if (root) {
            cmd.addAll(List.of(tools.setpriv().toString(), "--reuid=" + spec.hostUid(), "--regid=" + spec.hostUid(),
                    "--clear-groups", "--"));
        }
        cmd.add(tools.bwrap().toString());
        cmd.addAll(List.of("--unshare-user", "--uid", Integer.toString(sandboxUid), "--gid",
                Integer.toString(sandboxGid), "--unshare-pid", "--unshare-ipc",
                "--unshare-uts", "--unshare-cgroup-try", "--unshare-net", "--cap-drop", "ALL",
                "--die-with-parent", "--new-session", "--as-pid-1", "--hostname", "sandbox"));
        if (root) {
            // No nested user namespaces. bwrap implements this with a second, nested user
            // namespace, and only a privileged engine can then enter the sandbox's other
            // namespaces (they belong to the outer one, where no process stays); an
            // unprivileged engine leaves the kernel's default. See docs/decisions/0001.
            cmd.add("--disable-userns");
        }
        cmd.addAll(rootfs.args());
        cmd.addAll(List.of("--proc", "/proc"));
        // Key descriptions of every keyring the sandbox's host uid may view are listed here; the
        // keyring calls themselves are refused by the seccomp filter (Seccomp).
        for (String masked : List.of("/proc/keys", "/proc/key-users")) {
            cmd.addAll(List.of("--ro-bind-try", "/dev/null", masked));
        }
        if (root) {
            cmd.addAll(List.of("--dev", "/dev"));
        } else {
            // bwrap's --dev makes it set up as uid 0 and then nest a second user namespace,
            // which an unprivileged engine could not enter afterwards; bind the devices instead.
            cmd.addAll(List.of("--dir", "/dev", "--symlink", "/proc/self/fd", "/dev/fd",
                    "--symlink", "/proc/self/fd/0", "/dev/stdin", "--symlink", "/proc/self/fd/1", "/dev/stdout",
                    "--symlink", "/proc/self/fd/2", "/dev/stderr"));
            for (String dev : List.of("null", "zero", "full", "random", "urandom", "tty")) {
                cmd.addAll(List.of("--dev-bind-try", "/dev/" + dev, "/dev/" + dev));
            }
        }
        // Only the workspace, home, tmp and shm are writable, all on disk under the disk limit:
        // anything in memory (bwrap's root tmpfs, a tmpfs /dev/shm or /run) would be charged to
        // the sandbox's memory cgroup where no process owns it, and filling it made the OOM
        // killer take the sandbox's init. /var/tmp is the sandbox's tmp; /run stays read-only.
        cmd.addAll(List.of("--dir", "/run", "--symlink", "/tmp", "/var/tmp",
                "--bind", spec.workspace().toString(), "/workspace",
                "--bind", spec.home().toString(), "/home/user",
                "--bind", spec.tmp().toString(), "/tmp",
                "--bind", spec.shm().toString(), "/dev/shm"));
        // bwrap's /dev (as root) is a tmpfs of its own; device nodes stay usable on a read-only one.
        if (root) cmd.addAll(List.of("--remount-ro", "/dev"));
        cmd.addAll(List.of("--remount-ro", "/",
                "--chdir", "/workspace", "--clearenv", "--setenv", "PATH", "/usr/bin:/bin"));
        boolean withRunner = Runner.available();
        // PID 1 is the command runner where perl exists (it forks every command; as the
        // namespace's init it cannot be killed from inside), else a shell that only reaps.
        boolean gated = withRunner && cgroup.separatesInit();
        cmd.addAll(withRunner ? Runner.initArgv(gated) : List.of("/bin/sh", "-c", INIT));
        ProcessBuilder pb = HostTools.hostProcess(cmd);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(spec.runtimeLog().toFile()));
        if (!withRunner) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process bwrap = spawn(pb);
        Runner runner = null;
        if (withRunner) {
            runner = new Runner(bwrap, spec.id(), gated ? cgroup : null);
            if (!runner.awaitReady(30_000)) {
                bwrap.destroyForcibly();
                throw new IOException("the sandbox did not start: " + lastLines(spec.runtimeLog()));
            }
        } else {
            BufferedReader out = new BufferedReader(new InputStreamReader(bwrap.getInputStream(), StandardCharsets.UTF_8));
            if (!"ready".equals(out.readLine())) {
                bwrap.destroyForcibly();
                throw new IOException("the sandbox did not start: " + lastLines(spec.runtimeLog()));
            }
        }
        long initPid = findInit(bwrap);
        // Only where every command is moved out from under the init (gated): what the init forks
        // would otherwise inherit its exemption.
        if (root && gated) InitGuard.exemptInit(bwrap.pid(), initPid);
        if (runner != null) runner.setInitPid(initPid);
        SandboxNetns netns = null;
        Process net = null;
        if (spec.fullNetwork()) {
            try {
                netns = new SandboxNetns(initPid, root, spec.hostUid(), netTools, spec.runtimeLog(), this::spawn);
                net = startNetwork(spec, initPid, netns);
            } catch (IOException | RuntimeException e) {
                if (netns != null) netns.close();
                bwrap.destroyForcibly();
                throw e;
            }
        }
        return new RunningSandbox(spec.id(), tools, bwrap, initPid, cgroup, net, netns, sandboxUid, sandboxGid, runner,
                spec.fileSizeLimit());
    }

    private Process spawn(ProcessBuilder pb) throws IOException {
        try {
            return launcher.submit(pb::start).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a sandbox", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("timed out starting a sandbox process", e);
        }
    }

    /**
     * The sandbox's PID 1 as the host sees it: the descendant of bwrap that runs our init script.
     * Reads /proc/PID/task/PID/children rather than scanning every process on the host.
     */
    private static long findInit(Process bwrap) throws IOException {
        List<Long> level = List.of(bwrap.pid());
        for (int depth = 0; depth < 4 && !level.isEmpty(); depth++) {
            List<Long> next = new ArrayList<>();
            for (long pid : level) {
                for (long child : children(pid)) {
                    String cmdline = Files.readString(Path.of("/proc", Long.toString(child), "cmdline"))
                            .replace('\0', ' ');
                    if (cmdline.contains("echo ready") || cmdline.contains(Runner.MARKER)) {
                        return child;
                    }
                    next.add(child);
                }
            }
            level = next;
        }
        throw new IOException("cannot find the sandbox's init process");
    }

    private static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String s = Files.readString(task.resolve("children")).trim();
                if (s.isEmpty()) continue;
                for (String c : s.split("\\s+")) out.add(Long.parseLong(c));
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        return out;
    }

    /**
     * slirp4netns for the sandbox's link; while it comes up the namespace is closed (nothing but
     * loopback leaves it) before any process but the runner exists in it. The egress policy opens
     * it (docs/decisions/0016-egress-policy.md).
     */
    private Process startNetwork(SandboxSpec spec, long initPid, SandboxNetns netns) throws IOException {
        if (!networkMissing().isEmpty()) {
            throw new IOException("sandboxes with network need " + String.join(", ", networkMissing()));
        }
        Path slirp = tools.slirp4netns().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(tools.setpriv().toString(), "--pdeathsig=KILL", "--",
                slirp.toString(), "--configure", "--mtu=65520", "--disable-host-loopback", "--netns-type=path"));
        if (!root) {
            cmd.add("--userns-path=/proc/" + initPid + "/ns/user");
        }
        cmd.add("/proc/" + initPid + "/ns/net");
        cmd.add("tap0");
        ProcessBuilder pb = HostTools.hostProcess(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.runtimeLog().toFile()));
        Process p = spawn(pb);
        try {
            netns.prepare();
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        Path route = Path.of("/proc/" + initPid + "/net/route");
        for (int i = 0; i < 400; i++) {
            try {
                if (Files.readString(route).contains("tap0\t00000000")) {
                    return p;
                }
            } catch (IOException ignored) {
                // not there yet
            }
            if (!p.isAlive()) break;
            sleep(5);
        }
        p.destroyForcibly();
        throw new IOException("the sandbox network did not come up: " + lastLines(spec.runtimeLog()));
    }

    /**
     * Runs a throwaway sandbox to prove this host can create them; returns null or the problem.
     *
     * @param hostUid the host uid it runs as (as root: one of the engine's own, no other engine's)
     */
    public String selfTest(Path scratch, int hostUid) {
        if (!tools.usable()) {
            return String.join("; ", tools.problems());
        }
        try {
            SandboxSpec spec = new SandboxSpec("selftest-" + ProcessHandle.current().pid(), scratch,
                    root ? hostUid : (int) unixUid(), false,
                    new Limits(1, 64L << 20, 16, 1L << 30), false);
            for (Path d : List.of(spec.workspace(), spec.home(), spec.tmp(), spec.shm())) {
                Files.createDirectories(d);
                if (root) Files.setAttribute(d, "unix:uid", spec.hostUid());
                if (root) Files.setAttribute(d, "unix:gid", spec.hostUid());
            }
            RunningSandbox s = start(spec);
            try {
                Process p = s.start(new SandboxProcessSpec(List.of("/bin/sh", "-c", "echo ok"), Map.of("PATH", "/usr/bin:/bin"),
                        "/workspace", true));
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() != 0 || !"ok".equals(out)) {
                    return "a test command inside a sandbox failed: " + err;
                }
            } finally {
                s.stop();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("sandbox self-test failed", e);
            return "bubblewrap could not start a sandbox: " + e.getMessage()
                    + " (unprivileged user namespaces must be enabled: sysctl kernel.unprivileged_userns_clone=1)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no runtime log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void shutdown() {
        launcher.shutdownNow();
    }
}
