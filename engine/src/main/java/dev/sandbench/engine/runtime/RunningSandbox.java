package dev.sandbench.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One live sandbox: a bubblewrap process tree whose PID 1 is a small shell that keeps the
 * namespaces alive and reaps orphans. Commands join its namespaces through nsenter, drop
 * privileges with setpriv (no_new_privs), and get a clean environment from env -i.
 */
public final class RunningSandbox {
    private final String id;
    private final HostTools tools;
    private final Process bwrap;
    private final long initPid;
    /** Taken while the init runs: its start time keeps a later kill off a process that reused the pid. */
    private final java.util.Optional<ProcessHandle> init;
    private final SandboxCgroup cgroup;
    private final Process network;
    private final SandboxNetns netns;
    private final int uid;
    private final int gid;
    private final List<String> namespaceFlags;
    private volatile boolean stopped;
    private final long fileSizeLimit;
    private static final java.util.Optional<Path> CHOOM = HostTools.locate("choom");
    private final Runner runner;

    RunningSandbox(String id, HostTools tools, Process bwrap, long initPid, SandboxCgroup cgroup, Process network,
                   SandboxNetns netns, int uid, int gid, Runner runner, long fileSizeLimit) {
        this.netns = netns;
        this.runner = runner;
        this.fileSizeLimit = fileSizeLimit;
        this.uid = uid;
        this.gid = gid;
        this.namespaceFlags = namespaceFlags(initPid);
        this.id = id;
        this.tools = tools;
        this.bwrap = bwrap;
        this.initPid = initPid;
        this.init = ProcessHandle.of(initPid);
        this.cgroup = cgroup;
        this.network = network;
    }

    public String id() { return id; }

    public long initPid() { return initPid; }

    public SandboxCgroup cgroup() { return cgroup; }

    /** The engine's hand in the sandbox's network namespace; empty for a sandbox without network. */
    public java.util.Optional<SandboxNetns> netns() { return java.util.Optional.ofNullable(netns); }

    public boolean alive() {
        return !stopped && bwrap.isAlive();
    }

    /**
     * The namespaces to enter: those the sandbox does not share with the engine. Entering one
     * it shares (the cgroup or time namespace where the host cannot unshare them) would need
     * privileges an ordinary user lacks, and change nothing.
     */
    private static List<String> namespaceFlags(long pid) {
        List<String> flags = new ArrayList<>(List.of("--user", "--mount", "--pid"));
        String[][] optional = {{"net", "--net"}, {"ipc", "--ipc"}, {"uts", "--uts"}, {"cgroup", "--cgroup"}, {"time", "--time"}};
        for (String[] ns : optional) {
            try {
                java.nio.file.Path mine = java.nio.file.Path.of("/proc/self/ns", ns[0]);
                java.nio.file.Path theirs = java.nio.file.Path.of("/proc", Long.toString(pid), "ns", ns[0]);
                if (!java.nio.file.Files.readSymbolicLink(mine).equals(java.nio.file.Files.readSymbolicLink(theirs))) {
                    flags.add(ns[1]);
                }
            } catch (IOException | UnsupportedOperationException e) {
                // the kernel lacks this namespace type
            }
        }
        return List.copyOf(flags);
    }

    /** Host-side command line that runs {@code spec} inside this sandbox. */
    List<String> command(SandboxProcessSpec spec) {
        return command(spec, true, namespaceFlags);
    }

    /**
     * Host-side command line for a process on a terminal: the terminal's launcher makes it the
     * process's controlling one, so no new session is started here (the shell keeps job control).
     */
    public List<String> terminalCommand(SandboxProcessSpec spec) throws IOException {
        if (!alive()) {
            throw new IOException("sandbox " + id + " is not running");
        }
        return command(spec, false, namespaceFlags);
    }

    /** The host's util-linux setsid, which gives a terminal's process its own session. */
    public String hostSetsid() {
        return tools.setsid().toString();
    }

    private List<String> command(SandboxProcessSpec spec, boolean newSession, List<String> namespaces) {
        List<String> cmd = new ArrayList<>();
        List<String> procs = spec.limited() ? cgroup.procsFiles() : List.of();
        if (!procs.isEmpty()) {
            // Join the sandbox's cgroups before anything else runs, so every descendant is limited.
            cmd.addAll(cgroupJoin(tools, procs));
        }
        if (fileSizeLimit > 0 && BubblewrapRuntime.PRLIMIT.isPresent()) {
            // What the init has (a measured disk limit), for processes that do not descend from it.
            cmd.addAll(List.of(BubblewrapRuntime.PRLIMIT.get().toString(), "--fsize=" + fileSizeLimit, "--"));
        }
        if (spec.limited() && uid != BubblewrapRuntime.unixUid() && CHOOM.isPresent()) {
            // As root: the score the runner's commands get (a floor where the engine holds CAP_SYS_RESOURCE).
            cmd.addAll(List.of(CHOOM.get().toString(), "-n", Integer.toString(InitGuard.COMMAND), "--"));
        }
        cmd.add(tools.nsenter().toString());
        cmd.add("--target=" + initPid);
        cmd.addAll(namespaces);
        if (uid == BubblewrapRuntime.unixUid()) {
            // Unprivileged engine: the sandbox user is the engine's own uid, nothing to switch
            // (and setgroups is denied inside the sandbox's user namespace).
            cmd.add("--preserve-credentials");
        } else {
            cmd.add("--setuid=" + uid);
            cmd.add("--setgid=" + gid);
        }
        cmd.add("--root");
        cmd.add("--wd");
        cmd.add("--");
        if (newSession) {
            // Its own session, so a timeout can find and kill everything the command started.
            cmd.add("/usr/bin/setsid");
        }
        cmd.add("/usr/bin/setpriv");
        cmd.add("--no-new-privs");
        cmd.add("--inh-caps=-all");
        cmd.add("--");
        cmd.addAll(Seccomp.prefix());
        cmd.add("/usr/bin/env");
        cmd.add("-i");
        cmd.add("-C");
        cmd.add(spec.cwd());
        for (Map.Entry<String, String> e : spec.env().entrySet()) {
            cmd.add(e.getKey() + "=" + e.getValue());
        }
        // No "--" here: env takes its first non-assignment word as the program, and argv[0] is a path.
        cmd.addAll(spec.argv());
        return cmd;
    }

    /**
     * A host-side prefix that writes its own pid into each cgroup.procs file and then execs the
     * rest of the command line, so everything that follows starts inside the sandbox's cgroups.
     */
    static List<String> cgroupJoin(HostTools tools, List<String> procsFiles) {
        List<String> cmd = new ArrayList<>(List.of(tools.sh().toString(), "-c",
                "for f; do [ \"$f\" = -- ] && break; echo $$ > \"$f\" || exit 125; shift; done; shift; exec \"$@\"",
                "cgjoin"));
        cmd.addAll(procsFiles);
        cmd.add("--");
        return cmd;
    }

    /**
     * Runs a command in the sandbox, streaming its output to {@code sink}. Limited commands go
     * through the sandbox's runner (its PID 1); without perl on the host, or for the engine's
     * own unlimited helpers, each command gets its own nsenter chain.
     */
    public SandboxCommand run(SandboxProcessSpec spec, OutputSink sink) throws IOException {
        if (!alive()) {
            throw new IOException("sandbox " + id + " is not running");
        }
        if (spec.limited() && runner != null) {
            return runner.run(spec, sink);
        }
        return new ProcessCommand(start(spec), sink);
    }

    /**
     * Kills every process of this sandbox whose session (as the sandbox's pid namespace numbers
     * it) is {@code nsSid}: what a timed-out command left behind, however it forked.
     */
    static void killNamespaceSession(long initPid, long nsSid) {
        Path pidNs;
        try {
            pidNs = Files.readSymbolicLink(Path.of("/proc", Long.toString(initPid), "ns", "pid"));
        } catch (IOException e) {
            return;
        }
        for (int round = 0; round < 5; round++) {
            List<Long> members = new ArrayList<>();
            try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.forEach(p -> {
                    String name = p.getFileName().toString();
                    if (name.isEmpty() || !Character.isDigit(name.charAt(0))) return;
                    try {
                        if (!Files.readSymbolicLink(p.resolve("ns/pid")).equals(pidNs)) return;
                        for (String line : Files.readAllLines(p.resolve("status"))) {
                            if (line.startsWith("NSsid:")) {
                                String[] f = line.trim().split("\\s+");
                                if (Long.parseLong(f[f.length - 1]) == nsSid) members.add(Long.parseLong(name));
                                break;
                            }
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // ended meanwhile
                    }
                });
            } catch (IOException e) {
                return;
            }
            if (members.isEmpty()) return;
            members.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /**
     * Runs a long-lived process with pipes straight to the engine (its own nsenter chain, in the
     * sandbox's cgroups), skipping the runner's relay: for interpreters whose every request
     * should cost as little as possible.
     */
    public SandboxCommand runDirect(SandboxProcessSpec spec, OutputSink sink) throws IOException {
        return new ProcessCommand(start(spec), sink);
    }

    /** Starts a process inside the sandbox. Its stdin/stdout/stderr are pipes to the caller. */
    public Process start(SandboxProcessSpec spec) throws IOException {
        if (!alive()) {
            throw new IOException("sandbox " + id + " is not running");
        }
        return HostTools.hostProcess(command(spec)).start();
    }

    /**
     * Starts one of the engine's file helpers: in the sandbox's user and mount namespaces (it sees
     * the sandbox's files exactly as the sandbox does, as the sandbox user, so a symlink race can
     * only reach what the sandbox could; docs/decisions/0003) but not in its pid namespace, where
     * the sandbox's processes could see, signal, ptrace or write the memory of the helper and
     * forge what the API answers. It is in none of the sandbox's cgroups either.
     */
    public Process startFileHelper(SandboxProcessSpec spec) throws IOException {
        if (!alive()) {
            throw new IOException("sandbox " + id + " is not running");
        }
        if (spec.limited()) throw new IllegalArgumentException("file helpers are the engine's, outside the sandbox's limits");
        return HostTools.hostProcess(command(spec, true, HELPER_NAMESPACES)).start();
    }

    private static final List<String> HELPER_NAMESPACES = List.of("--user", "--mount");

    /** Kills every process in the session led by a command started with {@link #start}. */
    public static void killSession(Process launcher) {
        List<Long> leaders = new ArrayList<>();
        launcher.toHandle().children().forEach(h -> leaders.add(h.pid()));
        for (int round = 0; round < 5; round++) {
            List<Long> members = new ArrayList<>();
            try (java.util.stream.Stream<java.nio.file.Path> procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                procs.forEach(p -> {
                    String name = p.getFileName().toString();
                    if (name.isEmpty() || !Character.isDigit(name.charAt(0))) return;
                    try {
                        String stat = java.nio.file.Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long sid = Long.parseLong(f[3]);
                        if (leaders.contains(sid)) members.add(Long.parseLong(name));
                    } catch (IOException | RuntimeException ignored) {
                        // the process ended meanwhile
                    }
                });
            } catch (IOException e) {
                break;
            }
            if (members.isEmpty()) break;
            members.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    public void freeze() {
        cgroup.freeze();
    }

    public void thaw() {
        cgroup.thaw();
    }

    /** Kills every process of the sandbox and frees its cgroup and network helper. */
    public void stop() {
        synchronized (this) {
            if (stopped) return;
            stopped = true;
        }
        if (cgroup.frozen()) {
            cgroup.thaw();
        }
        // The runner's stream ends under its reader now: an expected end, not a failure to log.
        if (runner != null) runner.close();
        // Killing PID 1 of the sandbox's pid namespace makes the kernel kill every process in it.
        init.ifPresent(ProcessHandle::destroyForcibly);
        bwrap.destroyForcibly();
        if (network != null) network.destroyForcibly();
        if (netns != null) netns.close();
        cgroup.killAll();
        try {
            bwrap.waitFor(5, TimeUnit.SECONDS);
            if (network != null) network.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cgroup.close();
    }

    /** Completes when the sandbox's process tree ends, for whatever reason. */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return bwrap.onExit();
    }
}
