package dev.sandbench.app.stats;

import dev.sandbench.client.sandboxes.SandboxStatus;

/**
 * One reading of a sandbox's resource use. {@code cpuPercent} is over the time since the previous
 * reading (100 = one core busy) and NaN when there is no previous reading to compare with; sizes
 * and counts are -1 where the engine could not tell. A sample whose sandbox was not running or
 * paused carries no numbers: it only breaks the line where nothing was measured.
 */
public record StatsSample(long epochMillis, SandboxStatus status, double cpuPercent, long memoryBytes,
                          long memoryLimit, long pids, long diskBytes) {

    /** A break in the history: the sandbox was {@code status} (null: not sampled for a while). */
    public static StatsSample gap(long epochMillis, SandboxStatus status) {
        return new StatsSample(epochMillis, status, Double.NaN, -1, -1, -1, -1);
    }

    /** True when it holds measurements (the sandbox was running, or paused with its memory held). */
    public boolean live() {
        return status == SandboxStatus.RUNNING || status == SandboxStatus.PAUSED;
    }
}
