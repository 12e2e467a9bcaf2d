package dev.sandbench.app.stats;

import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.sandboxes.SandboxStats;
import dev.sandbench.client.sandboxes.SandboxStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatsHistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static SandboxStats reading(SandboxStatus status, long secondsAfter, long cpuUsec, long memory) {
        return new SandboxStats("sbx_1", status, T0.plusSeconds(secondsAfter), cpuUsec, memory, 512L << 20, memory, 7, 256,
                4096, 10L << 30, 0);
    }

    @Test
    void cpuIsTheShareOfACoreBetweenTwoReadingsAndUnknownForTheFirst() {
        StatsHistory h = new StatsHistory();
        assertThat(h.add(reading(SandboxStatus.RUNNING, 0, 1_000_000, 10)).cpuPercent()).isNaN();
        // 1.5 s of CPU time in 2 s of wall time: 75 % of one core.
        assertThat(h.add(reading(SandboxStatus.RUNNING, 2, 2_500_000, 10)).cpuPercent()).isCloseTo(75, within(0.01));
        // Two cores busy.
        assertThat(h.add(reading(SandboxStatus.RUNNING, 3, 4_500_000, 10)).cpuPercent()).isCloseTo(200, within(0.01));
    }

    @Test
    void aStoppedSandboxBreaksTheLineAndItsCountersStartAgain() {
        StatsHistory h = new StatsHistory();
        h.add(reading(SandboxStatus.RUNNING, 0, 5_000_000, 10));
        StatsSample stopped = h.add(reading(SandboxStatus.STOPPED, 2, -1, -1));
        assertThat(stopped.live()).isFalse();
        assertThat(stopped.memoryBytes()).isEqualTo(-1);
        h.add(reading(SandboxStatus.STOPPED, 4, -1, -1));
        assertThat(h.samples()).hasSize(2);
        // Restarted: a fresh cgroup whose counter is lower; no invented delta.
        assertThat(h.add(reading(SandboxStatus.RUNNING, 6, 100_000, 10)).cpuPercent()).isNaN();
        assertThat(h.add(reading(SandboxStatus.RUNNING, 8, 300_000, 10)).cpuPercent()).isCloseTo(10, within(0.01));
    }

    @Test
    void aPausedSandboxStillReportsTheMemoryItHolds() {
        StatsHistory h = new StatsHistory();
        h.add(reading(SandboxStatus.RUNNING, 0, 1_000_000, 64L << 20));
        StatsSample p = h.add(reading(SandboxStatus.PAUSED, 2, 1_000_000, 64L << 20));
        assertThat(p.live()).isTrue();
        assertThat(p.cpuPercent()).isZero();
        assertThat(p.memoryBytes()).isEqualTo(64L << 20);
    }

    @Test
    void keepsTenMinutes() {
        StatsHistory h = new StatsHistory();
        for (int s = 0; s <= 900; s += 5) h.add(reading(SandboxStatus.RUNNING, s, s * 1000L, 10));
        List<StatsSample> all = h.samples();
        assertThat(all.get(all.size() - 1).epochMillis() - all.get(0).epochMillis()).isEqualTo(StatsHistory.WINDOW_MS);
    }

    @Test
    void startsFromTheExplorersSamplesWithoutItsFirstMadeUpCpuValue() {
        StatsHistory h = new StatsHistory();
        SandboxStats last = reading(SandboxStatus.RUNNING, 4, 3_000_000, 10);
        h.seed(List.of(new SandboxItem.Sample(T0.toEpochMilli(), 0, 10, 512L << 20, 7, 4096),
                new SandboxItem.Sample(T0.plusSeconds(2).toEpochMilli(), 50, 10, 512L << 20, 7, 4096)), last);
        assertThat(h.samples()).extracting(StatsSample::cpuPercent).containsExactly(Double.NaN, 50.0);
        assertThat(h.add(reading(SandboxStatus.RUNNING, 6, 4_000_000, 10)).cpuPercent()).isCloseTo(50, within(0.01));
    }

    @Test
    void csvHasAHeaderAndOneRowPerMeasuredSampleWithEmptyCellsForTheUnknown() {
        StatsHistory h = new StatsHistory();
        h.add(reading(SandboxStatus.RUNNING, 0, 1_000_000, 1000));
        h.add(reading(SandboxStatus.RUNNING, 2, 2_000_000, 2000));
        h.add(reading(SandboxStatus.STOPPED, 4, -1, -1));
        assertThat(StatsCsv.format(h.samples()).split("\n")).containsExactly(
                "timestamp,cpu_percent,memory_bytes,memory_limit,pids,disk_bytes",
                "2026-01-01T10:00:00Z,,1000,536870912,7,4096",
                "2026-01-01T10:00:02Z,50.00,2000,536870912,7,4096");
    }

    @Test
    void theViewModelExportsWhatItMeasuredAndSaysWhenTheSandboxIsStopped(@TempDir Path dir) throws Exception {
        try (StatsViewModel vm = new StatsViewModel(UiExecutor.direct(), new Notifier(), 7)) {
            assertThat(vm.intervalProperty().get()).isEqualTo(2);
            assertThat(vm.noteProperty().get()).startsWith("Select a sandbox");
            vm.itemProperty().set(new SandboxItem(dev.sandbench.client.http.EngineHttp.MAPPER.readValue(
                    "{\"id\": \"sbx_1\", \"status\": \"running\", \"name\": \"busy one\"}", dev.sandbench.client.sandboxes.Sandbox.class)));
            assertThat(vm.noteProperty().get()).startsWith("Waiting for the first reading");
            assertThat(vm.suggestedFileName()).isEqualTo("busy_one-stats.csv");
            vm.accept(reading(SandboxStatus.RUNNING, 0, 0, 100));
            vm.accept(reading(SandboxStatus.RUNNING, 1, 500_000, 200));
            vm.accept(reading(SandboxStatus.STOPPED, 2, -1, -1));
            assertThat(vm.noteProperty().get()).isEqualTo("Stopped: not running, so there is nothing to measure.");
            Path file = dir.resolve("stats.csv");
            vm.exportCsv(file);
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(2)).isEqualTo("2026-01-01T10:00:01Z,50.00,200,536870912,7,4096");
        }
    }
}
