package dev.sandbench.client;

import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sessions.IngestEvent;
import dev.sandbench.client.sessions.ReplayEvent;
import dev.sandbench.client.sessions.TravelPlan;
import dev.sandbench.client.sessions.TravelResult;
import dev.sandbench.client.snapshots.Snapshot;
import dev.sandbench.client.snapshots.SnapshotDiff;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareAndTravelClientTest {
    @Test
    void snapshotDiffTextAndTimeTravel() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            SandbenchClient sb = f.client;
            Sandbox box = sb.sandboxes().create();
            sb.sessions().ingest(List.of(IngestEvent.of("message", box.id(), Map.of("text", "start"))
                    .session("travel-client")));
            sb.files().writeText(box.id(), "a.txt", "one\n");
            Snapshot snap = sb.snapshots().create(box.id(), "v1", null);
            sb.files().writeText(box.id(), "a.txt", "two\n");
            sb.files().writeText(box.id(), "b.txt", "new\n");

            SnapshotDiff diff = sb.snapshots().diff(snap.id(), null);
            assertThat(diff.to()).isEqualTo("current");
            assertThat(diff.changes()).extracting(SnapshotDiff.Change::path, SnapshotDiff.Change::change)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("/workspace/a.txt", "modified"),
                            org.assertj.core.groups.Tuple.tuple("/workspace/b.txt", "added"));
            assertThat(sb.snapshots().text(snap.id(), "/workspace/a.txt")).isEqualTo("one\n");
            assertThatThrownBy(() -> sb.snapshots().text(snap.id(), "/workspace/b.txt")).isInstanceOf(NotFoundException.class);

            List<ReplayEvent> events = sb.sessions().replay("travel-client");
            String afterFirstEdit = events.stream().filter(e -> e.type().equals("file_write")).skip(1).findFirst()
                    .orElseThrow().id();
            TravelPlan plan = sb.sessions().travelPlan("travel-client", afterFirstEdit);
            assertThat(plan.baseSnapshotId()).isEqualTo(snap.id());
            assertThat(plan.steps()).extracting(TravelPlan.Step::action).containsExactly("write");
            TravelResult fork = sb.sessions().forkAt("travel-client", afterFirstEdit);
            assertThat(sb.files().readText(fork.sandbox().id(), "a.txt")).isEqualTo("two\n");
            assertThat(sb.files().list(fork.sandbox().id(), "/workspace")).extracting("name").containsExactly("a.txt");
            TravelResult back = sb.sessions().restoreTo("travel-client", afterFirstEdit);
            assertThat(back.sandbox().id()).isEqualTo(box.id());
            assertThat(sb.files().list(box.id(), "/workspace")).extracting("name").containsExactly("a.txt");
        }
    }
}
