package dev.sandbench.app.stats;

import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.client.sandboxes.SandboxStats;
import dev.sandbench.client.sandboxes.SandboxStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last ten minutes of one sandbox's readings, oldest first: CPU use from the deltas of the
 * cgroup's cumulative {@code cpu_usage_usec}, and breaks where the sandbox was not running.
 */
final class StatsHistory {
    static final long WINDOW_MS = 10 * 60_000L;
    /** A bound even for a clock that jumps: ten minutes at the fastest refresh, and some. */
    static final int MAX_SAMPLES = 1200;

    private final ArrayDeque<StatsSample> samples = new ArrayDeque<>();
    private SandboxStats previous;

    /** Adds a reading from the engine and returns the sample made of it. */
    StatsSample add(SandboxStats s) {
        long at = s.timestamp() == null ? System.currentTimeMillis() : s.timestamp().toEpochMilli();
        StatsSample sample;
        if (s.status() != SandboxStatus.RUNNING && s.status() != SandboxStatus.PAUSED) {
            // Stopped: the cgroup is gone and its counters start from zero when it runs again.
            previous = null;
            sample = StatsSample.gap(at, s.status());
            StatsSample last = samples.peekLast();
            if (last != null && !last.live() && last.status() == s.status()) return last;
        } else {
            sample = new StatsSample(at, s.status(), cpuSince(previous, s), s.memoryBytes(), s.memoryLimit(), s.pids(), s.diskBytes());
            previous = s;
        }
        append(sample);
        return sample;
    }

    private static double cpuSince(SandboxStats before, SandboxStats now) {
        if (before == null || before.timestamp() == null || now.timestamp() == null) return Double.NaN;
        if (before.cpuUsageUsec() < 0 || now.cpuUsageUsec() < before.cpuUsageUsec()) return Double.NaN;
        long wallUs = (now.timestamp().toEpochMilli() - before.timestamp().toEpochMilli()) * 1000;
        if (wallUs <= 0) return Double.NaN;
        return (now.cpuUsageUsec() - before.cpuUsageUsec()) * 100.0 / wallUs;
    }

    /**
     * Starts from what the explorer already sampled for the row (a few minutes at its own pace),
     * so a chart opened on a busy sandbox is not empty. Its first CPU value had nothing to be
     * compared with, so it is left out rather than shown as 0.
     */
    void seed(List<SandboxItem.Sample> earlier, SandboxStats last) {
        samples.clear();
        previous = null;
        if (last == null || earlier.isEmpty() || last.status() != SandboxStatus.RUNNING) return;
        boolean first = true;
        for (SandboxItem.Sample s : earlier) {
            append(new StatsSample(s.epochMillis(), SandboxStatus.RUNNING, first ? Double.NaN : s.cpuPercent(),
                    s.memoryBytes(), s.memoryLimit(), s.pids(), s.diskBytes()));
            first = false;
        }
        previous = last;
    }

    /** Marks that nothing was sampled from here (polling paused while the tab was hidden). */
    void interrupt(long epochMillis) {
        StatsSample last = samples.peekLast();
        if (last == null || !last.live()) return;
        previous = null;
        append(StatsSample.gap(epochMillis, null));
    }

    private void append(StatsSample s) {
        samples.addLast(s);
        while (samples.size() > MAX_SAMPLES || s.epochMillis() - samples.peekFirst().epochMillis() > WINDOW_MS) {
            samples.removeFirst();
        }
    }

    void clear() {
        samples.clear();
        previous = null;
    }

    List<StatsSample> samples() {
        return new ArrayList<>(samples);
    }

    StatsSample latest() {
        return samples.peekLast();
    }
}
