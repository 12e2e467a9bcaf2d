package dev.sandbench.client;

import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.exec.ExecResult;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.EgressPolicy;
import dev.sandbench.client.sandboxes.EgressRules;
import dev.sandbench.client.sandboxes.NetworkMode;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStats;
import dev.sandbench.client.sandboxes.SandboxStatus;
import dev.sandbench.client.system.Health;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxesAndExecTest {
    static EngineFixture f;
    static SandbenchClient sb;

    @BeforeAll
    static void start() throws Exception {
        f = new EngineFixture();
        sb = f.client;
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void systemAnswersHealthInfoAndTemplates() {
        Health h = sb.system().health();
        assertThat(h.ok()).isTrue();
        assertThat(sb.system().info().limits()).containsKeys("memory", "pids", "disk");
        assertThat(sb.system().templates()).extracting("name").contains("minimal", "python", "node");
    }

    @Test
    void aTemplateNameOfAnotherPlatformSaysWhichTemplateAndVersionsRunIt() {
        Sandbox box = sb.sandboxes().create(CreateSandbox.builder().template("python-3.12").build());
        assertThat(box.template()).isEqualTo("python-3.12");
        assertThat(box.resolvedTemplate()).isEqualTo("python");
        assertThat("Python " + box.runtimeVersions().get("python") + "\n")
                .isEqualTo(sb.exec().run(box.id(), "python3 --version").output());
        sb.sandboxes().destroy(box.id());
    }

    @Test
    void egressRulesAreSetAtCreateAndChangedLive() {
        org.junit.jupiter.api.Assumptions.assumeTrue(sb.system().info().network().modes().contains("allowlist"),
                "this engine's host cannot give sandboxes network");
        assertThat(sb.system().info().network().refusedByDefault()).anyMatch(r -> r.startsWith("169.254.169.254"));
        Sandbox box = sb.sandboxes().create(CreateSandbox.builder().network(NetworkMode.ALLOWLIST)
                .allowlist(java.util.List.of("pypi.org")).egress(EgressRules.allow("203.0.113.0/24", "*.pythonhosted.org"))
                .build());
        try {
            EgressPolicy p = sb.sandboxes().egress(box.id());
            assertThat(p.networkMode()).isEqualTo("allowlist");
            assertThat(p.allow()).containsExactly("203.0.113.0/24", "*.pythonhosted.org", "pypi.org");
            assertThat(p.live()).isTrue();
            assertThat(p.refusedByDefault()).extracting(EgressPolicy.DefaultRule::reason).contains("host-address", "cloud-metadata");
            EgressPolicy changed = sb.sandboxes().setEgress(box.id(), new EgressRules(p.allow(), java.util.List.of("198.51.100.7")));
            assertThat(changed.deny()).containsExactly("198.51.100.7");
            assertThat(sb.sandboxes().egress(box.id()).rules()).isEqualTo(changed.rules());
            assertThatThrownBy(() -> sb.sandboxes().setEgress(box.id(), EgressRules.deny("not a rule!")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("neither a network");
        } finally {
            sb.sandboxes().destroy(box.id());
        }
    }

    @Test
    void aSandboxLivesThroughItsWholeLifecycle() {
        Sandbox box = sb.sandboxes().create(CreateSandbox.builder().template("python").name("client test")
                .memoryMb(256).cpus(1).network(NetworkMode.NONE).env("GREETING", "hello").label("team", "sdk")
                .timeout(Duration.ofHours(1)).build());
        assertThat(box.status()).isEqualTo(SandboxStatus.RUNNING);
        assertThat(box.memoryMb()).isEqualTo(256);
        assertThat(box.labels()).containsEntry("team", "sdk");
        assertThat(box.expiresAt()).isNotNull();
        assertThat(box.envKeys()).containsExactly("GREETING");
        assertThat(sb.sandboxes().list()).extracting(Sandbox::id).contains(box.id());
        assertThat(sb.sandboxes().get(box.id()).name()).isEqualTo("client test");

        ExecResult r = sb.exec().run(box.id(), "echo $GREETING; python3 -c 'print(6*7)'");
        assertThat(r.output()).isEqualTo("hello\n42\n");
        assertThat(r.succeeded()).isTrue();

        assertThat(sb.sandboxes().pause(box.id()).status()).isEqualTo(SandboxStatus.PAUSED);
        assertThatThrownBy(() -> sb.exec().run(box.id(), "true")).isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).problem().detail()).contains("paused"));
        assertThat(sb.sandboxes().resume(box.id()).status()).isEqualTo(SandboxStatus.RUNNING);
        assertThat(sb.sandboxes().stop(box.id()).status()).isEqualTo(SandboxStatus.STOPPED);
        assertThat(sb.sandboxes().start(box.id()).status()).isEqualTo(SandboxStatus.RUNNING);

        SandboxStats stats = sb.sandboxes().stats(box.id());
        assertThat(stats.memoryLimit()).isEqualTo(256L << 20);
        assertThat(sb.sandboxes().logs(box.id(), 50)).extracting("message").anySatisfy(m -> assertThat((String) m).contains("print(6*7)"));
        sb.exec().run(box.id(), "nohup python3 -m http.server 8123 >/dev/null 2>&1 &");
        for (int i = 0; i < 50 && sb.sandboxes().ports(box.id()).isEmpty(); i++) sleep(100);
        assertThat(sb.sandboxes().ports(box.id())).extracting("port").contains(8123);

        sb.sandboxes().destroy(box.id());
        assertThatThrownBy(() -> sb.sandboxes().get(box.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void execTakesCwdEnvStdinAndTimeout() {
        Sandbox box = sb.sandboxes().create();
        ExecResult r = sb.exec().run(box.id(), ExecRequest.of("pwd; echo $X; cat").cwd("/tmp").env(Map.of("X", "y"))
                .stdin("in"));
        assertThat(r.stdout()).isEqualTo("/tmp\ny\nin");
        ExecResult slow = sb.exec().run(box.id(), ExecRequest.of("sleep 30").timeout(Duration.ofMillis(300)));
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.error()).contains("timeout");
        assertThat(sb.exec().run(box.id(), "exit 7").exitCode()).isEqualTo(7);
        sb.sandboxes().destroy(box.id());
    }

    @Test
    void badRequestsBecomeValidationExceptionsWithTheEnginesDetail() {
        assertThatThrownBy(() -> sb.sandboxes().create(CreateSandbox.builder().template("nope").build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("unknown template");
        assertThatThrownBy(() -> sb.sandboxes().create(CreateSandbox.builder().cpus(10_000).build()))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((SandbenchException) e).status()).isEqualTo(422));
        assertThatThrownBy(() -> sb.sandboxes().get("sbx_missing")).isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((SandbenchException) e).problem().detail()).contains("sbx_missing"));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
