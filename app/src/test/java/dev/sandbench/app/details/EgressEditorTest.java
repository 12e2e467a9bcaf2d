package dev.sandbench.app.details;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.ConnectionProfile;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.NetworkMode;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.engine.Engine;
import dev.sandbench.engine.core.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EgressEditorTest {
    @Test
    void readsOneRuleALineLeavingOutBlankLinesAndComments() {
        assertThat(EgressEditor.rules(" pypi.org \n\n# mirrors\n*.pythonhosted.org\n  203.0.113.0/24")).containsExactly(
                "pypi.org", "*.pythonhosted.org", "203.0.113.0/24");
        assertThat(EgressEditor.rules(null)).isEmpty();
    }

    @Test
    void editsASandboxesRulesLiveAndShowsWhatTheEngineRefuses(@TempDir Path data) throws Exception {
        // As root each sandbox runs as its own uid, which must be able to reach its directory.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx--x--x"));
        try (Engine engine = Engine.start(EngineConfig.defaults(data.resolve("engine")).withPort(0).withWarmPool(0))) {
            assumeTrue(engine.info().networkModes().contains("allowlist"), "this host cannot give sandboxes network");
            Connection c = Connection.open(new ConnectionProfile("t", "test", engine.url(), null, false), engine.adminKey(),
                    UiExecutor.direct());
            try {
                SandbenchClient client = c.client();
                Sandbox full = client.sandboxes().create(CreateSandbox.builder().network(NetworkMode.FULL).build());
                EgressEditor vm = new EgressEditor(UiExecutor.direct());
                vm.show(full, c);
                assertThat(vm.editableProperty().get()).isTrue();
                assertThat(vm.allowProperty().get()).isEmpty();
                assertThat(vm.modeProperty().get()).startsWith("Full:");
                assertThat(vm.defaultsProperty().get()).contains("169.254.169.254", "10.0.0.0/8", "host addresses");
                assertThat(vm.changedBinding().get()).isFalse();

                vm.allowProperty().set("203.0.113.7/24\n# the package index\npypi.org");
                vm.denyProperty().set("198.51.100.9");
                assertThat(vm.changedBinding().get()).isTrue();
                vm.apply();
                assertThat(vm.noteProperty().get()).startsWith("Applied");
                assertThat(vm.allowProperty().get()).isEqualTo("203.0.113.0/24\npypi.org");
                assertThat(vm.changedBinding().get()).isFalse();
                assertThat(client.sandboxes().egress(full.id()).deny()).containsExactly("198.51.100.9");

                vm.denyProperty().set("not a rule!");
                vm.apply();
                assertThat(vm.noteProperty().get()).startsWith("Not applied").contains("neither a network");
                vm.revert();
                assertThat(vm.denyProperty().get()).isEqualTo("198.51.100.9");

                Sandbox offline = client.sandboxes().create(CreateSandbox.builder().network(NetworkMode.NONE).build());
                vm.show(offline, c);
                assertThat(vm.editableProperty().get()).isFalse();
                assertThat(vm.noteProperty().get()).startsWith("No network");
            } finally {
                c.close();
            }
        }
    }
}
