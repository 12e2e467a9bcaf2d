package dev.sandbench.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The engine's hand in a sandbox's network namespace ({@code netns.pl}): runs nft and ip there
 * with CAP_NET_ADMIN, and starts long-lived helpers (the DNS relay, the refusal monitor) that die
 * with the sandbox. An engine that is not root first joins the sandbox's user namespace, where it
 * holds every capability (its own user created it); the sandbox's processes hold none there, so
 * what is installed here is out of their reach. See docs/decisions/0016-egress-policy.md.
 */
public final class SandboxNetns {
    /** The sandbox's nameserver (its resolv.conf): a local address in its namespace, served by the relay. */
    public static final String DNS_ADDRESS = "10.0.2.3";
    /** Until the egress policy is applied, nothing but loopback leaves the namespace. */
    static final String CLOSED = """
            table inet sandbench {}
            delete table inet sandbench
            table inet sandbench {
              chain out {
                type filter hook output priority 0; policy accept;
                oifname "lo" accept
                meta l4proto tcp reject with tcp reset
                reject with icmpx type admin-prohibited
              }
            }
            """;
    private static final String SCRIPT = load();

    /** Starts a host process from a thread that outlives it (parent-death signals follow the thread). */
    @FunctionalInterface
    interface Launcher {
        Process start(ProcessBuilder pb) throws IOException;
    }

    private final long initPid;
    private final boolean root;
    private final int hostUid;
    private final Launcher launcher;
    private final Tools tools;
    private final Path log;
    private final List<Process> helpers = new CopyOnWriteArrayList<>();

    /** The host programs the egress policy needs; {@link #missing()} says which are absent. */
    public record Tools(Optional<Path> nft, Optional<Path> ip, boolean perl) {
        public static Tools find() {
            return new Tools(HostTools.locate("nft"), HostTools.locate("ip"), Runner.available());
        }

        /** What is missing for sandboxes with network, with the fix; empty when nothing is. */
        public List<String> missing() {
            List<String> out = new ArrayList<>();
            if (nft.isEmpty()) out.add("nft (Debian/Ubuntu: sudo apt-get install nftables)");
            if (ip.isEmpty()) out.add("ip (Debian/Ubuntu: sudo apt-get install iproute2)");
            if (!perl) out.add("perl (Debian/Ubuntu: sudo apt-get install perl)");
            return out;
        }
    }

    SandboxNetns(long initPid, boolean root, int hostUid, Tools tools, Path log, Launcher launcher) {
        this.log = log;
        this.initPid = initPid;
        this.root = root;
        this.hostUid = hostUid;
        this.tools = tools;
        this.launcher = launcher;
    }

    private static String load() {
        try (InputStream in = SandboxNetns.class.getResourceAsStream("netns.pl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("netns.pl missing from the engine jar", e);
        }
    }

    /** setns, capset and prctl on this architecture. */
    private static List<String> syscalls() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> List.of("308", "126", "157");
            case "aarch64" -> List.of("268", "91", "167");
            default -> throw new IllegalStateException("no syscall numbers for " + System.getProperty("os.arch"));
        };
    }

    private List<String> helper(String mode, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of(Runner.PERL, "-e", SCRIPT, mode, Long.toString(initPid),
                root ? "0" : "1", Integer.toString(hostUid), Integer.toString(hostUid)));
        cmd.addAll(syscalls());
        cmd.add("--");
        cmd.addAll(argv);
        return cmd;
    }

    /** Loopback gets the nameserver's address and the namespace is closed: run before its link comes up. */
    void prepare() throws IOException {
        // One helper for both: every process start counts in a sandbox's start-up.
        run(List.of("/bin/sh", "-c", "\"$0\" addr add " + DNS_ADDRESS + "/32 dev lo && exec \"$1\" -f -",
                tools.ip().orElseThrow().toString(), tools.nft().orElseThrow().toString()), CLOSED);
    }

    /** Loads an nft script in one transaction (all of it or nothing). */
    public void nft(String script) throws IOException {
        run(List.of(tools.nft().orElseThrow().toString(), "-f", "-"), script);
    }

    private void run(List<String> argv, String stdin) throws IOException {
        ProcessBuilder pb = HostTools.hostProcess(helper("exec", argv)).redirectErrorStream(true);
        Process p = launcher.start(pb);
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(argv.get(0) + " timed out in the sandbox's network namespace");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(Path.of(argv.get(0)).getFileName() + " failed in the sandbox's network namespace: " + out);
        }
    }

    /** The DNS relay: bound to {@link #DNS_ADDRESS}:53, then unprivileged; prints "ready" first. */
    public Process startDnsRelay() throws IOException {
        return keep(HostTools.hostProcess(helper("dns", List.of()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())));
    }

    /** A long-lived nft command in the namespace ({@code nft monitor}), stopped with the sandbox. */
    public Process startMonitor(List<String> nftArgs) throws IOException {
        List<String> argv = new ArrayList<>(List.of(tools.nft().orElseThrow().toString()));
        argv.addAll(nftArgs);
        return keep(HostTools.hostProcess(helper("exec", argv)).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())));
    }

    private Process keep(ProcessBuilder pb) throws IOException {
        Process p = launcher.start(pb);
        helpers.add(p);
        return p;
    }

    /** Ends the helpers (the sandbox stopped). */
    void close() {
        for (Process p : helpers) p.destroyForcibly();
        for (Process p : helpers) {
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        helpers.clear();
    }
}
