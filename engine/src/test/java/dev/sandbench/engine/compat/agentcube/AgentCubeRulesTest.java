package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.api.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AgentCube's units and paths as this engine reads them. */
class AgentCubeRulesTest {
    @Test
    void timeoutsAreGoDurations() {
        assertThat(AgentCubeExec.durationMs("120s")).isEqualTo(120_000);
        assertThat(AgentCubeExec.durationMs("2.5s")).isEqualTo(2_500);
        assertThat(AgentCubeExec.durationMs("1h2m3.5s")).isEqualTo(3_723_500);
        assertThat(AgentCubeExec.durationMs("500ms")).isEqualTo(500);
        assertThat(AgentCubeExec.durationMs("1.5us")).isEqualTo(1);
        assertThat(AgentCubeExec.durationMs("0")).isZero();
        for (String bad : List.of("soon", "10", "-1s", "1s2", "s", "1.2.3s")) {
            assertThatThrownBy(() -> AgentCubeExec.durationMs(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void pathsLineUpWithTheWorkspaceAsTheReadmeUsesThem() {
        assertThat(AgentCubePaths.write("script_1.py")).isEqualTo("/workspace/script_1.py");
        assertThat(AgentCubePaths.write(".")).isEqualTo("/workspace");
        assertThat(AgentCubePaths.write("/workspace/data.csv")).isEqualTo("/workspace/data.csv");
        assertThat(AgentCubePaths.write("/tmp/value.txt")).isEqualTo("/tmp/value.txt");
        assertThat(AgentCubePaths.write("/home/user/x")).isEqualTo("/home/user/x");
        assertThat(AgentCubePaths.write("/data/in.csv")).isEqualTo("/workspace/data/in.csv");
        assertThat(AgentCubePaths.write("/etc/passwd")).isEqualTo("/workspace/etc/passwd");
        assertThat(AgentCubePaths.read("workspace/summary.csv"))
                .containsExactly("/workspace/workspace/summary.csv", "/workspace/summary.csv");
        assertThat(AgentCubePaths.read("tmp/value.txt")).containsExactly("/workspace/tmp/value.txt", "/tmp/value.txt");
        assertThat(AgentCubePaths.read("etc/passwd")).containsExactly("/workspace/etc/passwd");
        assertThat(AgentCubePaths.shown("/workspace/a/b")).isEqualTo("a/b");
        assertThat(AgentCubePaths.shown("/tmp/v")).isEqualTo("/tmp/v");
        assertThatThrownBy(() -> AgentCubePaths.write("../x")).isInstanceOf(ApiException.class);
    }

    @Test
    void modesPrintAsGoPrintsThem() {
        assertThat(AgentCubeFiles.modeString(0644, false)).isEqualTo("-rw-r--r--");
        assertThat(AgentCubeFiles.modeString(0755, true)).isEqualTo("drwxr-xr-x");
        assertThat(AgentCubeFiles.mode("0600")).isEqualTo(0600);
        assertThat(AgentCubeFiles.mode("9")).isEqualTo(0644);
        assertThat(AgentCubeFiles.mode("01777")).isEqualTo(0644);
    }

    @Test
    void relayedAnswersAreParsedChunkedOrNot() {
        AgentCubeRelay.Answer a = AgentCubeRelay.parse("HTTP/1.0 201 Created\r\nContent-Type: application/json\r\n\r\n{}", false);
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.contentType()).isEqualTo("application/json");
        assertThat(a.body()).isEqualTo("{}");
        AgentCubeRelay.Answer c = AgentCubeRelay.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", false);
        assertThat(c.body()).isEqualTo("abcde");
        assertThatThrownBy(() -> AgentCubeRelay.parse("garbage", false)).isInstanceOf(ApiException.class);
        String req = AgentCubeRelay.request("POST", "/run", 9000, Map.of("Authorization", "Bearer k",
                "X-Trace", "1"), "{}");
        assertThat(req).startsWith("POST /run HTTP/1.0\r\nHost: 127.0.0.1:9000\r\n").contains("X-Trace: 1\r\n")
                .doesNotContain("Authorization").endsWith("Content-Length: 2\r\n\r\n{}");
    }
}
