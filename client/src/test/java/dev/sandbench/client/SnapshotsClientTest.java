package dev.sandbench.client;

import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.snapshots.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotsClientTest {
    @Test
    void snapshotRestoreForkDownloadImportAndWorkspaces(@TempDir Path tmp) throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            SandbenchClient sb = f.client;
            Sandbox box = sb.sandboxes().create();
            sb.files().writeText(box.id(), "a.txt", "first");
            Snapshot snap = sb.snapshots().create(box.id(), "v1", "first version");
            assertThat(snap.completed()).isTrue();
            sb.files().writeText(box.id(), "a.txt", "second");
            sb.snapshots().restore(snap.id());
            assertThat(sb.files().readText(box.id(), "a.txt")).isEqualTo("first");
            assertThat(sb.snapshots().list(box.id())).extracting(Snapshot::id).containsExactly(snap.id());

            Sandbox fork = sb.sandboxes().create(CreateSandbox.builder().fromSnapshot(snap.id()).build());
            assertThat(sb.files().readText(fork.id(), "a.txt")).isEqualTo("first");

            Path archive = sb.snapshots().download(snap.id(), tmp.resolve("snap.tar.zst"), (d, t) -> { });
            assertThat(Files.size(archive)).isEqualTo(snap.sizeBytes());
            Snapshot imported = sb.snapshots().importArchive(fork.id(), archive, "moved");
            assertThat(imported.checksum()).isEqualTo(snap.checksum());
            Files.writeString(tmp.resolve("bad.tar.gz"), "nope");
            assertThatThrownBy(() -> sb.snapshots().importArchive(fork.id(), tmp.resolve("bad.tar.gz"), null))
                    .isInstanceOf(ValidationException.class);

            Sandbox w = sb.sandboxes().create(CreateSandbox.builder().workspace("proj").build());
            sb.files().writeText(w.id(), "kept.txt", "kept");
            sb.sandboxes().destroy(w.id());
            assertThat(sb.snapshots().workspaces()).extracting("id").contains("proj");
            Sandbox w2 = sb.sandboxes().create(CreateSandbox.builder().workspace("proj").build());
            assertThat(sb.files().readText(w2.id(), "kept.txt")).isEqualTo("kept");
            assertThatThrownBy(() -> sb.snapshots().deleteWorkspace("proj")).isInstanceOf(ConflictException.class);
            sb.sandboxes().destroy(w2.id());
            sb.snapshots().deleteWorkspace("proj");
            sb.snapshots().delete(snap.id());
            assertThatThrownBy(() -> sb.snapshots().get(snap.id())).isInstanceOf(NotFoundException.class);
        }
    }
}
