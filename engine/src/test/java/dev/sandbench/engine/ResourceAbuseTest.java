package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A sandbox that abuses its resources is contained (or stopped, with an alert), and its
 * neighbour keeps being served at its normal latency: each test measures the neighbour's exec
 * latency before and during the abuse and compares the medians as a ratio (generous, since CI
 * machines are small and shared), never against an absolute wall-clock figure.
 */
class ResourceAbuseTest {
    static TestEngine engine;
    static TestEngine.Client api;
    static String neighbour;
    static double baselineMs;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine(c -> c.withWarmPool(1));
        api = engine.client();
        JsonNode limits = api.get("/v1/info").json().get("limits");
        assumeTrue(limits.toString().contains("\"enforced\":true"), "no cgroups here: limits are not enforced");
        neighbour = api.createSandbox();
        api.exec(neighbour, "true");
        baselineMs = neighbourP50(15);
    }

    @AfterAll
    static void stop() {
        if (engine != null) engine.close();
    }

    /** Median milliseconds of a trivial exec in the neighbour. */
    static double neighbourP50(int samples) {
        List<Long> ns = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            assertThat(api.output(neighbour, "echo ok")).isEqualTo("ok\n");
            ns.add(System.nanoTime() - t);
        }
        ns.sort(null);
        return ns.get(ns.size() / 2) / 1e6;
    }

    /** The neighbour's median latency while {@code abuse} runs stays within 10x its baseline plus 100 ms. */
    static void neighbourKeepsItsLatency(String what) {
        double during = neighbourP50(15);
        assertThat(during).as("%s: neighbour p50 %.1f ms during vs %.1f ms before", what, during, baselineMs)
                .isLessThan(10 * baselineMs + 100);
        assertThat(api.get("/v1/health").status()).isEqualTo(200);
    }

    static JsonNode awaitAlert(String sandbox, String type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode alerts = api.get("/v1/alerts?sandbox_id=" + sandbox + "&type=" + type).json();
            if (alerts.size() > 0) return alerts.get(0);
            Thread.sleep(100);
        }
        throw new AssertionError("no " + type + " alert for " + sandbox + " within 20 s");
    }

    static CompletableFuture<JsonNode> inBackground(String sandbox, String command, int timeoutMs) {
        return CompletableFuture.supplyAsync(() -> api.post("/v1/sandboxes/" + sandbox + "/exec",
                Map.of("command", command, "timeout_ms", timeoutMs)).json());
    }

    /** Waits until a file the abuse writes when it is under way exists in the sandbox. */
    static void awaitStarted(String sandbox, String marker) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (api.exec(sandbox, "test -e " + marker).get("exit_code").asInt() != 0) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("the abuse never started");
            Thread.sleep(50);
        }
    }

    @Test
    void aForkBombHitsThePidsLimitWithAnAlert() throws Exception {
        String bomb = api.createSandbox(Map.of("pids_limit", 64));
        CompletableFuture<JsonNode> r = inBackground(bomb, "bomb() { bomb | bomb & }; bomb; sleep 6", 10_000);
        // Read from the cgroup on the host: an exec in the bombed sandbox could not fork until the bomb ends.
        long deadline = System.currentTimeMillis() + 15_000;
        while (api.get("/v1/sandboxes/" + bomb + "/stats").json().get("pids").asLong() < 48) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("the fork bomb never got going");
            Thread.sleep(20);
        }
        neighbourKeepsItsLatency("fork bomb");
        JsonNode stats = api.get("/v1/sandboxes/" + bomb + "/stats").json();
        assertThat(stats.get("pids").asLong()).isLessThanOrEqualTo(64);
        assertThat(awaitAlert(bomb, "pids_limit").get("message").asText()).contains("process limit");
        assertThat(r.get().get("exit_code").isInt()).isTrue();
        assertThat(api.delete("/v1/sandboxes/" + bomb).status()).isEqualTo(204);
    }

    @Test
    void aMemoryBombIsKilledInsideTheSandboxWithAnAlert() throws Exception {
        String bomb = api.createSandbox(Map.of("memory_mb", 64));
        JsonNode r = api.post("/v1/sandboxes/" + bomb + "/exec", Map.of(
                "command", "head -c 300000000 /dev/zero | tail > /dev/null; echo $?", "timeout_ms", 30000)).json();
        // tail buffers everything it reads; the kernel kills it at the 64 MB limit (SIGKILL: 137).
        assertThat(r.get("stdout").asText().trim()).isEqualTo("137");
        assertThat(api.get("/v1/sandboxes/" + bomb + "/stats").json().get("oom_kills").asLong()).isPositive();
        assertThat(awaitAlert(bomb, "oom_kill").get("severity").asText()).isEqualTo("high");
        neighbourKeepsItsLatency("memory bomb");
        assertThat(api.output(bomb, "echo recovered")).isEqualTo("recovered\n");
        api.delete("/v1/sandboxes/" + bomb);
    }

    @Test
    void spinningEveryCoreIsHeldToTheCpuQuota() throws Exception {
        String spin = api.createSandbox(Map.of("cpus", 1));
        int cores = Runtime.getRuntime().availableProcessors();
        CompletableFuture<JsonNode> r = inBackground(spin, "for i in $(seq " + (cores * 2) + "); do "
                + "(while :; do :; done) & done; touch /tmp/started; sleep 8; kill $(jobs -p)", 15_000);
        awaitStarted(spin, "/tmp/started");
        long cpu0 = api.get("/v1/sandboxes/" + spin + "/stats").json().get("cpu_usage_usec").asLong();
        long t0 = System.nanoTime();
        neighbourKeepsItsLatency("CPU spin on " + cores * 2 + " processes");
        long cpu1 = api.get("/v1/sandboxes/" + spin + "/stats").json().get("cpu_usage_usec").asLong();
        double cores_used = (cpu1 - cpu0) / ((System.nanoTime() - t0) / 1e3);
        assertThat(cores_used).as("CPU used in cores with cpus=1").isLessThan(1.3);
        r.get();
        api.delete("/v1/sandboxes/" + spin);
    }

    @Test
    void fillingTheDiskPastDiskGbIsRefusedInsideOrStopsTheSandboxWithAnAlert() throws Exception {
        JsonNode disk = api.get("/v1/info").json().get("limits").get("disk");
        boolean kernel = disk.get("enforced").asBoolean() && disk.get("how").asText().contains("kernel");
        String filler = api.createSandbox(Map.of("disk_gb", 0.05));
        JsonNode wrote = api.post("/v1/sandboxes/" + filler + "/exec",
                Map.of("command", "for f in 1 2; do head -c 60000000 /dev/zero > /workspace/fill$f; echo \"exit $?\"; done")).json();
        JsonNode alert = awaitAlert(filler, "disk_limit");
        assertThat(alert.get("message").asText()).contains("disk");
        if (kernel) {
            // The kernel refuses the writes past the limit; the sandbox keeps running.
            // (a measured limit caps any one file at disk_gb, so two files go past it there)
            assertThat(wrote.get("output").asText()).contains("Disk quota exceeded").doesNotContain("exit 0");
            assertThat(api.get("/v1/sandboxes/" + filler).json().get("status").asText()).isEqualTo("running");
            assertThat(Long.parseLong(api.output(filler, "du -cb /workspace/fill? | tail -1 | cut -f1").strip())).isLessThanOrEqualTo(53_687_092L);
            neighbourKeepsItsLatency("disk fill");
            assertThat(api.delete("/v1/sandboxes/" + filler).status()).isEqualTo(204);
            return;
        }
        // Measured: the monitor may stop the sandbox before the write ends (the command's own result does not matter).
        JsonNode sb = api.get("/v1/sandboxes/" + filler).json();
        assertThat(sb.get("status").asText()).isEqualTo("error");
        assertThat(sb.get("status_reason").asText()).contains("disk quota exceeded");
        assertThat(api.post("/v1/sandboxes/" + filler + "/exec", Map.of("command", "true")).status()).isEqualTo(409);
        neighbourKeepsItsLatency("disk fill");
        assertThat(api.delete("/v1/sandboxes/" + filler).status()).isEqualTo(204);
    }

    @Test
    void hugeOutputIsCappedNotBuffered() {
        String loud = api.createSandbox();
        CompletableFuture<JsonNode> r = inBackground(loud, "head -c 200000000 /dev/zero | tr '\\0' x; echo; echo done >&2", 60_000);
        neighbourKeepsItsLatency("200 MB of output");
        JsonNode res = r.join();
        assertThat(res.get("exit_code").asInt()).isZero();
        assertThat(res.get("truncated").asBoolean()).isTrue();
        assertThat(res.get("stdout").asText().length()).isLessThanOrEqualTo(1 << 20);
        assertThat(res.get("stderr").asText()).isEqualTo("done\n");
        api.delete("/v1/sandboxes/" + loud);
    }

    @Test
    void thousandsOfFilesDeepDirectoriesAndLongNamesAreServed() {
        String many = api.createSandbox();
        CompletableFuture<JsonNode> r = inBackground(many, "mkdir -p /workspace/many && cd /workspace/many && "
                + "python3 -c \"[open('f%05d' % i, 'w').close() for i in range(20000)]\" && "
                + "python3 -c \"import os\nos.chdir('/workspace')\nfor _ in range(2500): os.mkdir('d'); os.chdir('d')\nopen('bottom', 'w').close()\"",
                60_000);
        neighbourKeepsItsLatency("20000 files and a 2500-deep tree");
        assertThat(r.join().get("exit_code").asInt()).isZero();
        TestEngine.Res listed = api.get("/v1/sandboxes/" + many + "/files?path=/workspace/many");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().size()).isEqualTo(20000);
        String longName = "n".repeat(255);
        assertThat(api.put("/v1/sandboxes/" + many + "/files/content", Map.of("path", "/workspace/" + longName, "content", "x"))
                .status()).isEqualTo(204);
        assertThat(api.get("/v1/sandboxes/" + many + "/files/content?path=/workspace/" + longName).json().asText()).isEqualTo("x");
        TestEngine.Res tooLong = api.put("/v1/sandboxes/" + many + "/files/content", Map.of("path", "/workspace/" + longName + "n",
                "content", "x"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        // The deep tree is longer than PATH_MAX: listing and deleting it still work.
        assertThat(api.get("/v1/sandboxes/" + many + "/files?path=/workspace").status()).isEqualTo(200);
        assertThat(api.get("/v1/sandboxes/" + many + "/files/stat?path=/workspace/d").json().get("type").asText()).isEqualTo("dir");
        assertThat(api.delete("/v1/sandboxes/" + many + "/files?path=/workspace/d&recursive=true").status()).isEqualTo(204);
        assertThat(api.delete("/v1/sandboxes/" + many + "/files?path=/workspace/many&recursive=true").status()).isEqualTo(204);
        assertThat(api.output(many, "ls /workspace | wc -l").trim()).isEqualTo("1");
        neighbourKeepsItsLatency("after cleaning up");
        api.delete("/v1/sandboxes/" + many);
    }
}
