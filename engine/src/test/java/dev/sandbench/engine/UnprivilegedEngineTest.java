package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.runtime.BubblewrapRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The engine run by an ordinary user, as on a desktop. When the suite runs as root (as in CI)
 * this starts a second engine under an unprivileged uid and repeats the essentials against it;
 * when the suite itself runs unprivileged, every other test already covers this. The escape suite
 * runs against such an engine too (escape/UnprivilegedEscapeTest).
 */
class UnprivilegedEngineTest {
    static final int UID = UserEngine.UID;
    static ChildEngine engine;
    static TestEngine.Client api;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(BubblewrapRuntime.unixUid() == 0, "the suite already runs unprivileged");
        engine = UserEngine.start(Map.of());
        api = engine.client();
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
            TestEngine.deleteTree(UserEngine.home(engine));
        }
    }

    @Test
    void anOrdinaryUsersEngineRunsIsolatedSandboxes() {
        TestEngine.Res health = api.get("/v1/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(api.get("/v1/info").json().get("running_as_root").asBoolean()).isFalse();

        String a = api.createSandbox();
        String b = api.createSandbox();
        JsonNode id = api.exec(a, "id -u; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status");
        assertThat(id.get("output").asText()).startsWith(UID + "\n").contains("CapEff:\t0000000000000000")
                .contains("NoNewPrivs:\t1");
        assertThat(api.exec(a, "cat /etc/shadow").get("exit_code").asInt()).isNotZero();
        assertThat(api.exec(a, "touch /usr/x").get("exit_code").asInt()).isNotZero();
        assertThat(api.output(a, "cat /proc/net/dev | tail -n +3 | cut -d: -f1").trim()).isEqualTo("lo");
        api.exec(b, "nohup sleep 4321 >/dev/null 2>&1 &");
        assertThat(api.output(a, "ps -eo args")).doesNotContain("sleep 4321");

        assertThat(api.put("/v1/sandboxes/" + a + "/files/content", Map.of("path", "x/y.txt", "content", "ok")).status())
                .isEqualTo(204);
        assertThat(api.output(a, "cat /workspace/x/y.txt")).isEqualTo("ok");
        assertThat(api.get("/v1/sandboxes/" + a + "/files/content?path=../etc/passwd").status()).isEqualTo(400);
        JsonNode timeout = api.post("/v1/sandboxes/" + a + "/exec", Map.of("command", "sleep 60", "timeout_ms", 300)).json();
        assertThat(timeout.get("timed_out").asBoolean()).isTrue();
        assertThat(api.delete("/v1/sandboxes/" + a).status()).isEqualTo(204);
        assertThat(api.delete("/v1/sandboxes/" + b).status()).isEqualTo(204);
    }
}
