package dev.sandbench.app.snapshots;

import dev.sandbench.app.explorer.ExplorerViewModel;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.snapshots.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotsViewModelTest {

    private static Snapshot snap(String name) {
        return new Snapshot("snap_1", "sbx_1", "acc", name, "manual", "completed", Instant.now(), null, 10L, Instant.now(),
                "abc", "tar.zst", null);
    }

    @Test
    void labelsASnapshotByNameAndIdOrIdAlone() {
        assertThat(SnapshotsViewModel.label(snap("before-upgrade"))).isEqualTo("before-upgrade (snap_1)");
        assertThat(SnapshotsViewModel.label(snap(null))).isEqualTo("snap_1");
        assertThat(SnapshotsViewModel.label(snap(" "))).isEqualTo("snap_1");
    }

    @Test
    void withoutASelectedSandboxItAsksForOneAndIgnoresProgressEvents() throws Exception {
        Notifier notifier = new Notifier();
        try (ExplorerViewModel explorer = new ExplorerViewModel(UiExecutor.direct(), notifier)) {
            SnapshotsViewModel vm = new SnapshotsViewModel(UiExecutor.direct(), notifier, explorer);
            vm.onEvents(List.of(new EngineEvent("1", "snapshot.progress", "sbx_1", Instant.now(),
                    EngineHttp.MAPPER.readTree("{\"snapshot_id\": \"snap_1\", \"percent\": 40}"))));
            vm.create("x", null, s -> { });
            assertThat(vm.noteProperty().get()).isEqualTo("Select a sandbox to see its snapshots.");
            assertThat(vm.busy()).isFalse();
            assertThat(vm.snapshots()).isEmpty();
            assertThat(notifier.notices()).isEmpty();
        }
    }
}
