package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a sandbox must not be able to do, tried for real. */
class IsolationTest {
    static TestEngine engine;
    static TestEngine.Client api;
    static String a;
    static String b;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        api = engine.client();
        a = api.createSandbox();
        b = api.createSandbox();
        api.exec(b, "echo secret-of-b > /workspace/b.txt; nohup sleep 1000 >/dev/null 2>&1 &");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void cannotReadHostSecrets() throws IOException {
        JsonNode shadow = api.exec(a, "cat /etc/shadow");
        assertThat(shadow.get("exit_code").asInt()).isNotZero();
        assertThat(api.output(a, "ls /root 2>&1; ls /home")).doesNotContain("sandbench").contains("user");
        String dataDir = engine.dataDir().toString();
        JsonNode key = api.exec(a, "cat " + dataDir + "/admin.key; ls " + dataDir);
        assertThat(key.get("exit_code").asInt()).isNotZero();
        assertThat(key.get("output").asText()).doesNotContain(engine.adminKey());
        assertThat(api.exec(a, "cat /etc/ssl/private/* 2>&1").get("exit_code").asInt()).isNotZero();
        // The host's processes are invisible: only the sandbox's own pid namespace is in /proc.
        assertThat(api.output(a, "cat /proc/1/cmdline | tr '\\0' ' '")).containsAnyOf("Sandbench command runner", "echo ready");
        assertThat(Integer.parseInt(api.output(a, "ls /proc | grep -c '^[0-9]'").trim())).isLessThan(10);
        assertThat(Files.readString(engine.dataDir().resolve("admin.key")).strip()).isEqualTo(engine.adminKey());
    }

    @Test
    void cannotWriteTheHost() {
        assertThat(api.exec(a, "touch /usr/pwned").get("exit_code").asInt()).isNotZero();
        assertThat(api.exec(a, "echo x > /etc/passwd").get("exit_code").asInt()).isNotZero();
        assertThat(api.exec(a, "mount -o remount,rw /usr").get("exit_code").asInt()).isNotZero();
        assertThat(Files.exists(java.nio.file.Path.of("/usr/pwned"))).isFalse();
    }

    @Test
    void hasNoCapabilitiesAndCannotGainPrivilege() {
        String status = api.output(a, "grep -E '^(CapEff|CapPrm|NoNewPrivs)' /proc/self/status");
        assertThat(status).contains("CapEff:\t0000000000000000").contains("CapPrm:\t0000000000000000")
                .contains("NoNewPrivs:\t1");
        assertThat(api.exec(a, "unshare -U true").get("exit_code").asInt()).isNotZero();
        assertThat(api.output(a, "id -u")).isEqualTo("1000\n");
    }

    @Test
    void cannotSeeOrTouchAnotherSandbox() {
        assertThat(api.output(a, "ps -eo args")).doesNotContain("sleep 1000");
        assertThat(api.output(a, "cat /workspace/b.txt 2>&1; find / -name b.txt 2>/dev/null")).doesNotContain("secret-of-b");
        assertThat(api.exec(a, "kill -9 -1; true").get("exit_code").asInt()).isZero();
        assertThat(api.output(b, "ps -eo args")).contains("sleep 1000");
    }

    @Test
    void environmentIsClean() {
        String env = api.output(a, "env");
        assertThat(env).contains("HOME=/home/user").contains("SANDBOX_ID=" + a);
        for (String hostVar : System.getenv().keySet()) {
            if (hostVar.equals("PATH") || hostVar.equals("HOME") || hostVar.equals("LANG") || hostVar.equals("USER")
                    || hostVar.equals("SHELL") || hostVar.equals("HOSTNAME") || hostVar.equals("LOGNAME")
                    || hostVar.equals("TMPDIR") || hostVar.equals("PWD") || hostVar.equals("SHLVL") || hostVar.equals("_")) {
                continue;
            }
            assertThat(env).doesNotContain(hostVar + "=");
        }
    }

    @Test
    void hasNoNetworkInNoneMode() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            String out = api.output(a, "cat /proc/net/dev | tail -n +3 | cut -d: -f1; "
                    + "(exec 3<>/dev/tcp/127.0.0.1/" + port + ") 2>&1 && echo CONNECTED; "
                    + "(exec 3<>/dev/tcp/10.0.2.2/" + port + ") 2>&1 && echo CONNECTED");
            assertThat(out).doesNotContain("CONNECTED").doesNotContain("eth0");
            assertThat(out.trim().lines().findFirst().orElse("").trim()).isEqualTo("lo");
        }
    }

    @Test
    void fullNetworkModeCannotReachHostLoopback() throws Exception {
        String full = api.createSandbox(Map.of("network_mode", "full"));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            CompletableFuture<Boolean> accepted = CompletableFuture.supplyAsync(() -> {
                try (var s = server.accept()) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            String out = api.output(full, "cat /proc/net/dev | cut -d: -f1; "
                    + "timeout 3 bash -c '(exec 3<>/dev/tcp/10.0.2.2/" + port + ")' 2>&1 && echo CONNECTED; "
                    + "timeout 3 bash -c '(exec 3<>/dev/tcp/127.0.0.1/" + port + ")' 2>&1 && echo CONNECTED");
            assertThat(out).contains("tap0").doesNotContain("CONNECTED");
            server.close();
            assertThat(accepted.get(5, TimeUnit.SECONDS)).isFalse();
        } finally {
            api.delete("/v1/sandboxes/" + full);
        }
    }

    @Test
    void aForkBombIsContainedAndTheEngineKeepsServing() {
        String bombed = api.createSandbox(Map.of("pids_limit", 64));
        JsonNode r = api.post("/v1/sandboxes/" + bombed + "/exec", Map.of(
                "command", "bomb() { bomb | bomb & }; bomb; sleep 2; echo survived", "timeout_ms", 8000)).json();
        assertThat(r.get("exit_code").isInt()).isTrue();
        assertThat(api.output(b, "echo still-serving")).isEqualTo("still-serving\n");
        JsonNode stats = api.get("/v1/sandboxes/" + bombed + "/stats").json();
        assertThat(stats.get("pids_limit").asLong()).isEqualTo(64);
        assertThat(stats.get("pids").asLong()).isLessThanOrEqualTo(64);
        assertThat(api.delete("/v1/sandboxes/" + bombed).status()).isEqualTo(204);
    }

    @Test
    void aMemoryBombIsKilledAndTheEngineKeepsServing() {
        String bombed = api.createSandbox(Map.of("memory_mb", 64));
        JsonNode r = api.post("/v1/sandboxes/" + bombed + "/exec", Map.of(
                "command", "head -c 300000000 /dev/zero | tail > /dev/null; echo $?", "timeout_ms", 30000)).json();
        // tail buffers everything it reads; the kernel kills it at the 64 MB limit (SIGKILL: 137).
        assertThat(r.get("stdout").asText().trim()).isEqualTo("137");
        assertThat(api.output(b, "echo fine")).isEqualTo("fine\n");
        assertThat(api.get("/v1/sandboxes/" + bombed + "/stats").json().get("oom_kills").asLong()).isGreaterThan(0);
        assertThat(api.output(bombed, "echo recovered")).isEqualTo("recovered\n");
        api.delete("/v1/sandboxes/" + bombed);
    }
}
