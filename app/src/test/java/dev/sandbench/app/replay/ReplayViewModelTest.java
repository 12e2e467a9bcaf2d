package dev.sandbench.app.replay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbench.client.sessions.ReplayEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReplayViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static ReplayEvent event(int i, long ms, String type, String... kv) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        for (int k = 0; k < kv.length; k += 2) d.put(kv[k], kv[k + 1]);
        return new ReplayEvent("e" + i, "s", type, T0.plusMillis(ms), d);
    }

    /** llm at 0, command at 1 s, an hour of nothing, a write at 1 h + 1 s, an error 2 s later. */
    private static ReplayModel model() {
        List<ReplayEvent> e = new ArrayList<>();
        ObjectNode llm = JsonNodeFactory.instance.objectNode().put("model", "m").put("tokens_in", 100).put("tokens_out", 20)
                .put("cost_usd", 0.5);
        e.add(new ReplayEvent("e0", "s", "llm_call", T0, llm));
        e.add(event(1, 1_000, "command", "command", "ls"));
        e.add(event(2, 3_601_000, "file_write", "path", "/workspace/a", "before", "x\n", "after", "y\n"));
        e.add(event(3, 3_603_000, "error", "message", "boom"));
        return new ReplayModel(null, e);
    }

    @Test
    void idleTimeIsCompressedAndMapsBackToRealTime() {
        ReplayModel m = model();
        assertThat(m.gapCount()).isEqualTo(1);
        // The hour shows as one second of timeline.
        assertThat(m.display(2)).isCloseTo(1_000 + IdleGaps.SHOWN_MS, within(1e-6));
        assertThat(m.duration()).isCloseTo(4_000, within(1e-6));
        assertThat(m.realAt(m.display(2))).isCloseTo(3_601_000, within(1e-6));
        assertThat(m.realAt(1_500)).isCloseTo(1_000 + 0.5 * 3_600_000, within(1e-6));
        assertThat(m.indexAt(1_999)).isEqualTo(1);
        assertThat(m.indexAt(2_000)).isEqualTo(2);
        assertThat(m.lane(0)).isEqualTo(Lane.LLM);
        assertThat(m.lane(2)).isEqualTo(Lane.FILE);
        assertThat(m.costAt(3)).isEqualTo(0.5);
        assertThat(m.totalTokens()).isEqualTo(120);
        assertThat(m.label(1)).startsWith("$ ls");
    }

    @Test
    void keysStepMarkersErrorsAndPercentages() {
        ReplayViewModel vm = new ReplayViewModel(model());
        assertThat(vm.selectedProperty().get()).isZero();
        vm.marker(1);
        assertThat(vm.selectedProperty().get()).isEqualTo(1);
        vm.marker(1);
        assertThat(vm.selectedProperty().get()).isEqualTo(2);
        vm.marker(-1);
        assertThat(vm.selectedProperty().get()).isEqualTo(1);
        assertThat(vm.nextError()).isTrue();
        assertThat(vm.selectedProperty().get()).isEqualTo(3);
        vm.jumpPercent(5);
        assertThat(vm.playheadProperty().get()).isCloseTo(2_000, within(1e-6));
        assertThat(vm.currentProperty().get()).isEqualTo(2);
        // Lanes hidden leave the list, not the errors lane's error; a search narrows it.
        vm.hiddenLanes().add(Lane.COMMAND);
        assertThat(vm.visibleEvents()).containsExactly(0, 2, 3);
        vm.searchProperty().set("BOOM");
        assertThat(vm.visibleEvents()).containsExactly(3);
    }

    @Test
    void playingAdvancesAtTheChosenSpeedAndStopsAtTheEnd() {
        ReplayViewModel vm = new ReplayViewModel(model());
        vm.speedProperty().set(2);
        vm.togglePlay();
        vm.tick(500);
        assertThat(vm.playheadProperty().get()).isCloseTo(1_000, within(1e-6));
        assertThat(vm.selectedProperty().get()).isEqualTo(1);
        vm.tick(10_000);
        assertThat(vm.playingProperty().get()).isFalse();
        assertThat(vm.playheadProperty().get()).isEqualTo(vm.model().duration());
        // Play again from the end starts over.
        vm.togglePlay();
        assertThat(vm.playheadProperty().get()).isZero();
    }
}
