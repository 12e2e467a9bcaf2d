package dev.sandbench.engine.escape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.ChildEngine;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a sandbox must not be able to do, tried for real from inside one, against an engine in
 * its own process. {@link RootEscapeTest} runs it against an engine running as root (as in CI),
 * {@link UnprivilegedEscapeTest} against one run by an ordinary user. Every escape attempt is
 * paired with evidence that the thing it reaches for exists (the host can read it, reach it,
 * see it), so a check cannot pass because its target is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EscapeSuite extends EgressSuite {
    /** Put in the engine's environment: no sandbox may ever read it. */
    protected static final String CANARY = "SANDBENCH_CANARY_" + Long.toHexString(System.nanoTime());
    protected ChildEngine engine;
    protected TestEngine.Client api;
    protected String a;
    protected String b;
    private final String nonce = Long.toString(40_000 + (System.nanoTime() % 9000));
    private boolean root;

    /** Starts the engine under test with {@code env} added to its environment. */
    protected abstract ChildEngine startEngine(Map<String, String> env) throws Exception;

    /** The host uid the engine runs as. */
    protected abstract int engineUid();

    @BeforeAll
    void startEngineAndSandboxes() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(egressEnvironment());
        env.put(CANARY, "leaked");
        engine = startEngine(env);
        api = engine.client();
        root = api.get("/v1/info").json().get("running_as_root").asBoolean();
        a = api.createSandbox();
        b = api.createSandbox();
        api.exec(b, "echo secret-of-b > /workspace/b.txt; nohup sleep " + nonce + " >/dev/null 2>&1 &");
    }

    @AfterAll
    void stopEngine() {
        if (engine != null) {
            engine.close();
            TestEngine.deleteTree(engine.dataDir());
        }
    }

    @Override
    protected TestEngine.Client api() {
        return api;
    }

    protected int exit(String id, String command) {
        return api.exec(id, command).get("exit_code").asInt();
    }

    protected String out(String id, String command) {
        return api.output(id, command);
    }

    @Test
    void cannotReadHostSecretsOrTheEnginesFiles() throws IOException {
        if (Files.isReadable(Path.of("/etc/shadow"))) {
            assertThat(Files.readString(Path.of("/etc/shadow"))).as("the host has a shadow file").contains("root:");
        }
        JsonNode shadow = api.exec(a, "cat /etc/shadow");
        assertThat(shadow.get("exit_code").asInt()).isNotZero();
        assertThat(shadow.get("output").asText()).doesNotContain("root:");
        assertThat(out(a, "ls -A /root 2>/dev/null | wc -l").trim()).isEqualTo("0");
        assertThat(out(a, "ls /home")).isEqualTo("user\n");
        // The engine's data directory (key, database, every sandbox's files) is not mounted at all.
        String data = engine.dataDir().toString();
        assertThat(Files.exists(engine.dataDir().resolve("admin.key"))).isTrue();
        JsonNode key = api.exec(a, "cat " + data + "/admin.key || ls " + data + " || head -c 100 " + data + "/engine.db");
        assertThat(key.get("exit_code").asInt()).isNotZero();
        assertThat(key.get("output").asText()).doesNotContain(engine.key()).doesNotContain("SQLite");
        assertThat(out(a, "find / \\( -path /proc -o -path /sys \\) -prune -o \\( -name admin.key -o -name 'engine.db*' "
                + "-o -name download.key \\) -print 2>/dev/null")).isEmpty();
        assertThat(exit(a, "cat /etc/ssl/private/* 2>&1")).isNotZero();
    }

    @Test
    void cannotReadTheEnginesOrTheHostsProcessEnvironment() {
        long enginePid = engine.process().pid();
        assertThat(readEnviron(enginePid)).as("the engine has the canary").contains(CANARY);
        // /proc is the sandbox's own: its PID 1 is the sandbox's init, and the host's pids do not exist.
        String environs = out(a, "for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done 2>/dev/null; "
                + "cat /proc/" + enginePid + "/environ 2>&1; cat /proc/1/cmdline | tr '\\0' ' '");
        assertThat(environs).doesNotContain(CANARY).contains("No such file");
        assertThat(environs).containsAnyOf("Sandbench command runner", "echo ready");
        assertThat(Integer.parseInt(out(a, "ls -d /proc/[0-9]* | wc -l").trim())).isLessThan(10);
    }

    @Test
    void cannotReadAnotherSandboxesWorkspace() {
        String data = engine.dataDir().toString();
        String found = out(a, "cat /workspace/b.txt 2>&1; cat " + data + "/sandboxes/*/workspace/b.txt 2>&1; "
                + "find / \\( -path /proc -o -path /sys \\) -prune -o -name b.txt -print 2>/dev/null");
        assertThat(found).doesNotContain("secret-of-b").doesNotContain("/b.txt\n");
        assertThat(out(b, "cat /workspace/b.txt")).isEqualTo("secret-of-b\n");
    }

    @Test
    void cannotWriteTheHost() {
        assertThat(exit(a, "touch /usr/pwned")).isNotZero();
        assertThat(exit(a, "echo x >> /etc/passwd")).isNotZero();
        assertThat(exit(a, "mount -o remount,rw /usr")).isNotZero();
        assertThat(exit(a, "mount -o remount,rw /")).isNotZero();
        assertThat(exit(a, "mount --bind /workspace /usr")).isNotZero();
        assertThat(exit(a, "mount -t tmpfs none /mnt")).isNotZero();
        assertThat(exit(a, "echo s > /proc/sysrq-trigger")).isNotZero();
        assertThat(exit(a, "echo 1 > /proc/sys/vm/drop_caches")).isNotZero();
        assertThat(exit(a, "echo pwned > /proc/sys/kernel/hostname")).isNotZero();
        assertThat(Files.exists(Path.of("/usr/pwned"))).isFalse();
    }

    @Test
    void cannotGainPrivilege() {
        String status = out(a, "grep -E '^(CapEff|CapPrm|CapAmb|NoNewPrivs)' /proc/self/status");
        assertThat(status).contains("CapEff:\t0000000000000000").contains("CapPrm:\t0000000000000000")
                .contains("CapAmb:\t0000000000000000").contains("NoNewPrivs:\t1");
        // Setuid binaries are there, and do nothing: no_new_privs ignores the bit.
        assertThat(out(a, "ls -l /usr/bin/su /usr/bin/passwd /usr/bin/mount 2>/dev/null | cut -c1-10 | sort -u")).contains("rws");
        assertThat(exit(a, "su -c id root </dev/null")).isNotZero();
        assertThat(out(a, "passwd -S root 2>&1")).contains("may not");
        // uid 0 does not even exist in the sandbox's user namespace (EINVAL), nor may it be switched to.
        assertThat(exit(a, "python3 -c 'import os; os.setuid(0)'")).isNotZero();
        assertThat(exit(a, "python3 -c 'import os; os.setresuid(0, 0, 0)'")).isNotZero();
        assertThat(exit(a, "python3 -c 'import os; os.setgroups([0])'")).isNotZero();
        // New namespaces without a user namespace need CAP_SYS_ADMIN, which nothing here has.
        assertThat(exit(a, "unshare -m true")).isNotZero();
        assertThat(exit(a, "unshare -n true")).isNotZero();
        assertThat(exit(a, "unshare -p -f true")).isNotZero();
        if (root) {
            assertThat(exit(a, "unshare -U true")).as("nested user namespaces are disabled").isNotZero();
        }
        // Where nested user namespaces exist (an ordinary user's engine), root in one owns nothing of the host.
        assertThat(exit(a, "unshare -Urm sh -c 'mount -o remount,rw /usr && touch /usr/pwned'")).isNotZero();
        assertThat(Files.exists(Path.of("/usr/pwned"))).isFalse();
        assertThat(out(a, "id -u")).isEqualTo((root ? 1000 : engineUid()) + "\n");
    }

    @Test
    void cannotTraceOrSignalProcessesOutsideTheSandbox() throws Exception {
        long enginePid = engine.process().pid();
        long neighbour = hostPidOf("sleep " + nonce);
        assertThat(neighbour).as("b's process runs on the host").isPositive();
        String py = "import ctypes,sys; l=ctypes.CDLL(None,use_errno=True); "
                + "r=l.ptrace(16,int(sys.argv[1]),0,0); print(r, ctypes.get_errno())";
        // PTRACE_ATTACH answers ESRCH (3): those pids do not exist in the sandbox's pid namespace.
        assertThat(out(a, "python3 -c '" + py + "' " + enginePid)).isEqualTo("-1 3\n");
        assertThat(out(a, "python3 -c '" + py + "' " + neighbour)).isEqualTo("-1 3\n");
        assertThat(exit(a, "kill -9 " + neighbour + " " + enginePid)).isNotZero();
        assertThat(exit(a, "kill -9 -1; true")).isZero();
        assertThat(ProcessHandle.of(neighbour).map(ProcessHandle::isAlive)).contains(true);
        assertThat(engine.process().isAlive()).isTrue();
        assertThat(out(a, "ps -eo args")).doesNotContain("sleep " + nonce);
        assertThat(out(b, "ps -eo args")).contains("sleep " + nonce);
    }

    @Test
    void cannotReachTheEnginesUsersKeyring() throws Exception {
        String desc = "sandbench-canary-" + nonce;
        String add = "import ctypes; l=ctypes.CDLL(None,use_errno=True); "
                + "print(l.syscall(248, b'user', b'" + desc + "', b'keyring-secret', 14, -4))";
        long serial = Long.parseLong(hostPython(add).trim());
        assertThat(serial).as("the host keeps a key in the engine user's keyring").isPositive();
        try {
            String search = "import ctypes; l=ctypes.CDLL(None,use_errno=True); "
                    + "r=l.syscall(250, 10, -4, b'user', b'" + desc + "', 0); print(r)";
            assertThat(out(a, "python3 -c \"" + search + "\"").trim()).isEqualTo("-1");
            assertThat(out(a, "python3 -c \"import ctypes; l=ctypes.CDLL(None); b=ctypes.create_string_buffer(64); "
                    + "print(l.syscall(250, 11, " + serial + ", b, 64), b.value)\"")).startsWith("-1");
            assertThat(out(a, "cat /proc/keys 2>&1")).doesNotContain(desc);
            // No keyring call works at all (seccomp, EPERM): the keyring the key is in cannot be cleared.
            String clear = "import ctypes; l=ctypes.CDLL(None,use_errno=True); print(l.syscall(250, 7, -4), ctypes.get_errno())";
            assertThat(out(a, "python3 -c \"" + clear + "\"")).isEqualTo("-1 1\n");
            assertThat(out(a, "python3 -c \"import ctypes; l=ctypes.CDLL(None,use_errno=True); "
                    + "print(l.syscall(248, b'user', b'x', b'y', 1, -4), ctypes.get_errno())\"")).isEqualTo("-1 1\n");
        } finally {
            hostPython("import ctypes; l=ctypes.CDLL(None); l.syscall(250, 3, " + serial + ", 0, 0)");
        }
    }

    @Test
    void hasNoNetworkInNoneMode() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            StringBuilder cmd = new StringBuilder("tail -n +3 /proc/net/dev | cut -d: -f1; tail -n +2 /proc/net/route; ");
            for (String host : hostAddresses()) {
                cmd.append("(exec 3<>/dev/tcp/").append(host).append('/').append(port).append(") 2>/dev/null && echo CONNECTED; ");
            }
            String out = out(a, cmd.toString());
            assertThat(out.trim()).as("only lo, no route").isEqualTo("lo");
        }
        assertThat(exit(a, "echo x > /dev/udp/192.0.2.1/53")).as("no route for UDP").isNotZero();
        assertThat(exit(a, "getent hosts example.com")).as("no DNS").isNotZero();
    }

    @Test
    void udpToTheHostsLoopbackNeverArrives() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            udp.setSoTimeout(5000);
            api.exec(a, "for i in 1 2 3; do echo from-sandbox > /dev/udp/127.0.0.1/" + udp.getLocalPort() + "; done");
            // Loopback delivery is synchronous: had the sandbox's datagrams reached this socket they
            // would be queued ahead of this one.
            byte[] sentinel = "sentinel".getBytes(StandardCharsets.UTF_8);
            udp.send(new DatagramPacket(sentinel, sentinel.length, udp.getLocalSocketAddress()));
            DatagramPacket got = new DatagramPacket(new byte[64], 64);
            udp.receive(got);
            assertThat(new String(got.getData(), 0, got.getLength(), StandardCharsets.UTF_8)).isEqualTo("sentinel");
        }
    }

    @Test
    void cannotConnectToTheHostsAbstractUnixSockets() throws Exception {
        String name = "sandbench-abstract-" + nonce;
        Process listener = new ProcessBuilder("/usr/bin/python3", "-c", "import socket; s=socket.socket(socket.AF_UNIX); "
                + "s.bind('\\0" + name + "'); s.listen(); print('up', flush=True); c,_=s.accept(); print('accepted', flush=True)")
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("up");
            String tried = out(a, "python3 -c \"import socket; s=socket.socket(socket.AF_UNIX); s.connect('\\0" + name
                    + "')\" 2>&1 | tail -1; grep -c " + name + " /proc/net/unix");
            assertThat(tried).contains("ConnectionRefusedError").endsWith("0\n");
            // The same connection from the host works, so the refusal above is the sandbox's network namespace.
            hostPython("import socket; s=socket.socket(socket.AF_UNIX); s.connect('\\0" + name + "')");
            assertThat(r.readLine()).isEqualTo("accepted");
        } finally {
            listener.destroyForcibly().waitFor();
        }
        assertThat(out(a, "ls /run /var/run 2>/dev/null; ls /tmp/.X11-unix 2>&1")).doesNotContain(".sock").doesNotContain("X0");
    }

    @Test
    void cannotReachTheEngineApiFromInside() {
        int port = Integer.parseInt(engine.url().replaceAll(".*:(\\d+)$", "$1"));
        assertThat(TestEngine.client(engine.url(), null).get("/v1/health").status()).isEqualTo(200);
        StringBuilder cmd = new StringBuilder();
        for (String host : hostAddresses()) {
            cmd.append("curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://").append(host.contains(":") ? "[" + host + "]" : host)
                    .append(':').append(port).append("/v1/sandboxes; ");
        }
        // curl prints 000 when it could not connect at all; a 401 would mean the API was reachable.
        assertThat(out(a, cmd.toString()).lines().distinct().toList()).containsExactly("000");
    }

    @Test
    void fullNetworkModeCannotReachHostLoopbackOrTheEngine() throws Exception {
        assumeTrue(api.get("/v1/info").json().get("network_modes").toString().contains("full"), "slirp4netns is missing");
        assumeTrue(root || Files.isReadable(Path.of("/dev/net/tun")) && Files.getPosixFilePermissions(Path.of("/dev/net/tun"))
                        .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE),
                "/dev/net/tun is not open to ordinary users on this host, so their engines have no 'full' network");
        String full = api.createSandbox(Map.of("network_mode", "full"));
        int enginePort = Integer.parseInt(engine.url().replaceAll(".*:(\\d+)$", "$1"));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(1);
            String out = out(full, "tail -n +3 /proc/net/dev | cut -d: -f1; for p in " + server.getLocalPort() + " " + enginePort
                    + "; do for h in 10.0.2.2 127.0.0.1; do timeout 3 bash -c \"(exec 3<>/dev/tcp/$h/$p)\" 2>/dev/null "
                    + "&& echo CONNECTED $h $p; done; done");
            assertThat(out).contains("tap0").doesNotContain("CONNECTED");
            assertThatNothingWasAccepted(server);
        } finally {
            api.delete("/v1/sandboxes/" + full);
        }
    }

    @Test
    void environmentIsClean() {
        String env = out(a, "env");
        assertThat(env).contains("HOME=/home/user").contains("SANDBOX_ID=" + a).doesNotContain(CANARY);
        for (String hostVar : System.getenv().keySet()) {
            if (List.of("PATH", "HOME", "LANG", "USER", "SHELL", "HOSTNAME", "LOGNAME", "TMPDIR", "PWD", "SHLVL", "_")
                    .contains(hostVar)) {
                continue;
            }
            assertThat(env).doesNotContain(hostVar + "=");
        }
    }

    @Test
    void onlyTheWorkspaceHomeTmpAndShmAreWritableAllOnDisk() {
        // Every mount point, and the root's own directories, tried as the sandbox user.
        String writable = out(a, "for m in $(awk '{print $5}' /proc/self/mountinfo | sort -u) /run /var /var/tmp/. /dev /opt /; do "
                + "t=\"$m/.w$$\"; (echo x > \"$t\") 2>/dev/null && { rm -f \"$t\"; readlink -f \"$m\"; }; done | sort -u");
        assertThat(writable).isEqualTo("/dev/shm\n/home/user\n/tmp\n/workspace\n");
        // None of them is in memory: they are the sandbox's directories on the engine's storage.
        String types = out(a, "awk '$5==\"/workspace\"||$5==\"/home/user\"||$5==\"/tmp\"||$5==\"/dev/shm\" "
                + "{for (i=7;i<=NF;i++) if ($i==\"-\") print $5, $(i+1)}' /proc/self/mountinfo");
        assertThat(types.lines().toList()).hasSize(4).noneMatch(l -> l.endsWith(" tmpfs"));
        assertThat(out(a, "readlink /var/tmp; cd /var/tmp && echo v > v.txt && cat /tmp/v.txt && rm v.txt")).isEqualTo("/tmp\nv\n");
        // Python's multiprocessing needs a working /dev/shm (POSIX semaphores and shared memory).
        assertThat(out(a, "python3 -c 'import multiprocessing as m, multiprocessing.shared_memory as s; l=m.Lock(); "
                + "v=m.Value(\"i\", 41); v.value += 1; b=s.SharedMemory(create=True, size=4096); b.buf[0]=7; "
                + "print(v.value, b.buf[0]); b.close(); b.unlink()'")).isEqualTo("42 7\n");
    }

    @Test
    void fillingEveryWritablePlaceNeverTakesDownTheInit() throws Exception {
        JsonNode info = api.get("/v1/info").json();
        boolean memoryLimited = info.get("limits").get("memory").get("enforced").asBoolean();
        boolean hardDisk = info.get("limits").get("disk").get("enforced").asBoolean()
                && info.get("limits").get("disk").get("how").asText().contains("kernel");
        String id = api.createSandbox(Map.of("memory_mb", 128, "disk_gb", 0.25));
        try {
            // Every command is the OOM killer's first choice (the init is outside the memory cgroup as root).
            assertThat(out(id, "cat /proc/self/oom_score_adj")).isEqualTo("500\n");
            // Each place gets more than the whole disk limit where the kernel enforces it; with a
            // measured limit (an ordinary user's engine), less than it in all, or the sandbox is stopped.
            long each = hardDisk ? 300L << 20 : 40L << 20;
            StringBuilder fill = new StringBuilder();
            for (String place : List.of("/workspace", "/home/user", "/tmp", "/dev/shm", "/var/tmp")) {
                fill.append("head -c ").append(each).append(" /dev/zero > ").append(place).append("/fill-$RANDOM 2>&1; ");
            }
            String filled = out(id, fill.toString());
            if (hardDisk) assertThat(filled).containsAnyOf("No space left", "Disk quota exceeded");
            if (memoryLimited) {
                JsonNode bomb = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command",
                        "python3 -c 'a = bytearray(400 << 20)'; echo $?", "timeout_ms", 60_000)).json();
                assertThat(bomb.get("stdout").asText().trim()).isEqualTo("137");
            }
            JsonNode sb = api.get("/v1/sandboxes/" + id).json();
            assertThat(sb.get("status").asText()).as(sb.toString()).isEqualTo("running");
            assertThat(out(id, "echo alive; head -c 13 /proc/1/cmdline")).isEqualTo("alive\n/usr/bin/perl");
            long disk = api.get("/v1/sandboxes/" + id + "/stats").json().get("disk_bytes").asLong();
            if (hardDisk) assertThat(disk).isLessThanOrEqualTo((long) (0.25 * (1L << 30)));
        } finally {
            api.delete("/v1/sandboxes/" + id);
        }
    }

    @Test
    void aFileHelperCannotBeSeenTracedOrSignalledFromInside() throws Exception {
        String id = api.createSandbox();
        try {
            api.exec(id, "head -c 64000000 /dev/urandom > /workspace/big.bin");
            // A download the client does not read: the helper stays blocked on its output pipe.
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(engine.url() + "/v1/sandboxes/" + id
                    + "/files/raw?path=/workspace/big.bin")).header("Authorization", "Bearer " + engine.key()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            try (var body = res.body()) {
                assertThat(res.statusCode()).isEqualTo(200);
                long helper = hostPidOf("cat -- /workspace/big.bin");
                assertThat(helper).as("the helper runs on the host while the download waits").isPositive();
                // Inside, no process is the helper: not in ps, not in /proc, and its pid names nothing.
                String seen = out(id, "ps -eo args | grep -c '[b]ig.bin'; grep -l '[b]ig.bin' /proc/[0-9]*/cmdline 2>/dev/null | wc -l");
                assertThat(seen).isEqualTo("0\n0\n");
                String py = "import ctypes,sys; l=ctypes.CDLL(None,use_errno=True); "
                        + "r=l.ptrace(16,int(sys.argv[1]),0,0); print(r, ctypes.get_errno())";
                assertThat(out(id, "python3 -c '" + py + "' " + helper)).isEqualTo("-1 3\n");
                assertThat(exit(id, "kill -STOP " + helper)).isNotZero();
                assertThat(ProcessHandle.of(helper).map(ProcessHandle::isAlive)).contains(true);
                assertThat(body.readNBytes(4)).hasSize(4);
            }
        } finally {
            api.delete("/v1/sandboxes/" + id);
        }
    }

    /** Whether the kernel holds sandboxes to disk_gb here (else the limit is measured: docs/SECURITY.md). */
    private boolean diskLimitIsTheKernels() {
        JsonNode disk = api.get("/v1/info").json().get("limits").get("disk");
        return disk.get("enforced").asBoolean() && disk.get("how").asText().contains("kernel");
    }

    private void awaitFile(String id, String path) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (exit(id, "test -e " + path) != 0) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError(path + " never appeared");
            Thread.sleep(100);
        }
    }

    @Test
    void aDeletedFileStillHeldOpenCountsAgainstTheDiskLimit() throws Exception {
        boolean kernel = diskLimitIsTheKernels();
        assertThat(kernel).as("a root engine has a kernel-enforced disk limit").isEqualTo(root);
        String id = api.createSandbox(Map.of("disk_gb", 0.25));
        try {
            api.exec(id, "nohup sh -c 'exec 3>/workspace/held; head -c 200000000 /dev/zero >&3; rm /workspace/held; "
                    + "touch /tmp/held-ready; exec sleep 600' >/dev/null 2>&1 &");
            awaitFile(id, "/tmp/held-ready");
            assertThat(out(id, "ls -A /workspace")).isEmpty();
            String wrote = out(id, "head -c 120000000 /dev/zero > /workspace/more; echo \"exit $?\"; stat -c %s /workspace/more");
            if (kernel) {
                // 200 MB held + 120 MB is past 256 MB: the kernel refuses the rest, and the sandbox runs on.
                assertThat(wrote).contains("Disk quota exceeded").doesNotContain("exit 0");
                assertThat(Long.parseLong(wrote.strip().replaceAll("(?s).*\n", ""))).isLessThan(80_000_000L);
                assertThat(api.get("/v1/sandboxes/" + id).json().get("status").asText()).isEqualTo("running");
                assertThat(out(id, "rm /workspace/more; echo ok")).isEqualTo("ok\n");
            } else {
                // Measured: the held file is counted, so the monitor stops the sandbox past its limit.
                long deadline = System.currentTimeMillis() + 15_000;
                JsonNode sb = api.get("/v1/sandboxes/" + id).json();
                while (!sb.get("status").asText().equals("error") && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                    sb = api.get("/v1/sandboxes/" + id).json();
                }
                assertThat(sb.get("status").asText()).as(sb.toString()).isEqualTo("error");
                assertThat(sb.get("status_reason").asText()).contains("disk quota exceeded");
            }
        } finally {
            api.delete("/v1/sandboxes/" + id);
        }
    }

    @Test
    void ddStopsAtTheDiskLimitInsideTheSandbox() {
        boolean kernel = diskLimitIsTheKernels();
        String id = api.createSandbox(Map.of("disk_gb", 0.25));
        try {
            String dd = out(id, "dd if=/dev/zero of=/workspace/big bs=1M count=1024 2>&1; echo \"exit $?\"; "
                    + "stat -c %s /workspace/big");
            assertThat(dd).doesNotContain("exit 0");
            long size = Long.parseLong(dd.strip().replaceAll("(?s).*\n", ""));
            assertThat(size).isLessThanOrEqualTo(1L << 28);
            // The kernel's quota (EDQUOT), or a measured limit's cap on any one file (EFBIG).
            assertThat(dd).contains(kernel ? "Disk quota exceeded" : "File too large");
            assertThat(api.get("/v1/sandboxes/" + id).json().get("status").asText()).isEqualTo("running");
            assertThat(out(id, "rm /workspace/big && echo ok")).isEqualTo("ok\n");
        } finally {
            api.delete("/v1/sandboxes/" + id);
        }
    }

    private static void assertThatNothingWasAccepted(ServerSocket server) throws IOException {
        try (var s = server.accept()) {
            throw new AssertionError("a sandbox connected to the host's loopback from " + s.getRemoteSocketAddress());
        } catch (java.net.SocketTimeoutException expected) {
            // nothing queued: no connection ever reached the listener
        }
    }

    /** Every address of this host: loopback, its interfaces, and slirp4netns' usual host alias. */
    private static List<String> hostAddresses() {
        List<String> out = new ArrayList<>(List.of("127.0.0.1", "10.0.2.2"));
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                nic.inetAddresses().filter(ad -> ad instanceof Inet4Address && !ad.isLoopbackAddress())
                        .forEach(ad -> out.add(ad.getHostAddress()));
            }
        } catch (IOException ignored) {
            // loopback is enough
        }
        return out;
    }

    private String readEnviron(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs python3 on the host as the engine's user, so it shares that user's keyring. */
    private String hostPython(String code) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (engineUid() != dev.sandbench.engine.runtime.BubblewrapRuntime.unixUid()) {
            cmd.addAll(List.of("setpriv", "--reuid=" + engineUid(), "--regid=" + engineUid(), "--clear-groups", "--"));
        }
        cmd.addAll(List.of("/usr/bin/python3", "-c", code));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    static long hostPidOf(String commandLine) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().commandLine().orElse("").endsWith(commandLine))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
        }
    }
}
