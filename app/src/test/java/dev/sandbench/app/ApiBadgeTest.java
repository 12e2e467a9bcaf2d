package dev.sandbench.app;

import dev.sandbench.app.explorer.ApiBadge;
import dev.sandbench.client.sandboxes.NetworkMode;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiBadgeTest {
    private static Sandbox withLabels(Map<String, String> labels) {
        return new Sandbox("sbx_1", SandboxStatus.RUNNING, "python", 1, 256, 2, NetworkMode.NONE, Instant.now(), null,
                null, null, null, null, "cage:myuser", null, null, labels, "bubblewrap", 64, null, List.of(), null, null,
                "python", Map.of());
    }

    @Test
    void aSandboxMadeThroughACompatibleApiShowsWhichOne() {
        Sandbox cage = withLabels(Map.of("sandbench.api", "cage", "sandbench.compat.user", "myuser"));
        assertThat(ApiBadge.text(cage)).isEqualTo("CAGE");
        assertThat(ApiBadge.tooltip(cage)).isEqualTo("Created through CAGE's API (user myuser)");
        assertThat(ApiBadge.text(withLabels(Map.of("sandbench.api", "sandkasten")))).isEqualTo("Sandkasten");
        assertThat(ApiBadge.tooltip(withLabels(Map.of("sandbench.api", "sandkasten"))))
                .isEqualTo("Created through Sandkasten's API");
        assertThat(ApiBadge.text(withLabels(Map.of("sandbench.api", "cloud-sandbox")))).isEqualTo("Cloud Sandbox");
        assertThat(ApiBadge.tooltip(withLabels(Map.of("sandbench.api", "cloud-sandbox", "sandbench.compat.user", "user123"))))
                .isEqualTo("Created through Cloud Sandbox's API (user user123)");
        assertThat(ApiBadge.text(withLabels(Map.of("sandbench.api", "agentcube")))).isEqualTo("AgentCube");
        assertThat(ApiBadge.tooltip(withLabels(Map.of("sandbench.api", "agentcube", "sandbench.compat.user", "anonymous"))))
                .isEqualTo("Created through AgentCube's API (user anonymous)");
        // An API this workbench does not know yet is shown by its label value.
        assertThat(ApiBadge.text(withLabels(Map.of("sandbench.api", "newapi")))).isEqualTo("newapi");
    }

    @Test
    void theEnginesOwnSandboxesHaveNoBadge() {
        assertThat(ApiBadge.text(withLabels(Map.of("team", "ml")))).isNull();
        assertThat(ApiBadge.text(withLabels(null))).isNull();
        assertThat(ApiBadge.tooltip(withLabels(Map.of()))).isNull();
    }
}
