package dev.sandbench.app;

import dev.sandbench.app.explorer.CreateSandboxForm;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.NetworkMode;
import dev.sandbench.client.system.Template;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateSandboxFormTest {
    private static final Template PYTHON = new Template("python", "Python 3", List.of("python"), true, null);
    private static final Template GO = new Template("go", "Go", List.of("go"), false, "no go toolchain on this host");

    @Test
    void picksTheFirstAvailableTemplate() {
        CreateSandboxForm f = new CreateSandboxForm();
        f.setTemplates(List.of(GO, PYTHON));
        assertThat(f.templateProperty().get()).isEqualTo(PYTHON);
    }

    @Test
    void explainsEveryBadFieldAtOnce() {
        CreateSandboxForm f = new CreateSandboxForm();
        f.setTemplates(List.of(GO));
        f.templateProperty().set(GO);
        f.nameProperty().set("has space");
        f.cpusProperty().set("0");
        f.memoryMbProperty().set("lots");
        f.lifetimeMinutesProperty().set("-5");
        f.envProperty().set("GOOD=1\nnot a pair\n# comments are fine\n1BAD=x");
        assertThat(f.problems()).containsExactly(
                "Template go is not available here: no go toolchain on this host",
                "Name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63.",
                "CPUs must be between 0.1 and 64.",
                "Memory (MB): \"lots\" is not a number.",
                "Lifetime (minutes) must be between 1 and 43200.",
                "Environment: \"not a pair\" is not KEY=value.",
                "Environment: \"1BAD=x\" is not KEY=value.");
        assertThatThrownBy(f::toRequest).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void buildsTheRequestTheUserDescribed() {
        CreateSandboxForm f = new CreateSandboxForm();
        f.setTemplates(List.of(PYTHON));
        f.nameProperty().set(" agent-1 ");
        f.cpusProperty().set("1.5");
        f.memoryMbProperty().set("256");
        f.diskGbProperty().set("");
        f.networkProperty().set(NetworkMode.FULL);
        f.lifetimeMinutesProperty().set("90");
        f.envProperty().set("A=1\nB = two=2\n");
        f.initScriptProperty().set("echo ready");
        assertThat(f.problems()).isEmpty();
        CreateSandbox r = f.toRequest();
        assertThat(r.template()).isEqualTo("python");
        assertThat(r.name()).isEqualTo("agent-1");
        assertThat(r.cpus()).isEqualTo(1.5);
        assertThat(r.memoryMb()).isEqualTo(256);
        assertThat(r.diskGb()).isNull();
        assertThat(r.networkMode()).isEqualTo(NetworkMode.FULL);
        assertThat(r.timeoutSeconds()).isEqualTo(5400);
        assertThat(r.env()).isEqualTo(Map.of("A", "1", "B", " two=2"));
        assertThat(r.initScript()).isEqualTo("echo ready");
    }
}
