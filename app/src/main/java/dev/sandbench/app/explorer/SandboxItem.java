package dev.sandbench.app.explorer;

import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStats;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.ArrayList;
import java.util.List;

/**
 * One sandbox in the explorer: the engine's latest view of it and a short history of its resource
 * use (for sparklines and the details chart). Change it on the UI thread.
 */
public final class SandboxItem {
    /** Samples kept: at one sample per 2 s, four minutes. */
    public static final int HISTORY = 120;

    private final String id;
    private final ReadOnlyObjectWrapper<Sandbox> sandbox;
    private final ReadOnlyLongWrapper statsVersion = new ReadOnlyLongWrapper(this, "statsVersion");
    private final List<Sample> history = new ArrayList<>();
    private SandboxStats lastStats;

    /** One point of resource history; cpuPercent is over the interval since the previous sample (100 = one core). */
    public record Sample(long epochMillis, double cpuPercent, long memoryBytes, long memoryLimit, long pids, long diskBytes) {}

    public SandboxItem(Sandbox s) {
        this.id = s.id();
        this.sandbox = new ReadOnlyObjectWrapper<>(this, "sandbox", s);
    }

    public String id() {
        return id;
    }

    public Sandbox sandbox() {
        return sandbox.get();
    }

    public ReadOnlyObjectProperty<Sandbox> sandboxProperty() {
        return sandbox.getReadOnlyProperty();
    }

    void update(Sandbox s) {
        sandbox.set(s);
    }

    /** Increments whenever a stats sample arrives (views redraw on it). */
    public ReadOnlyLongProperty statsVersionProperty() {
        return statsVersion.getReadOnlyProperty();
    }

    void addStats(SandboxStats s) {
        double cpu = 0;
        if (lastStats != null && s.cpuUsageUsec() >= 0 && lastStats.cpuUsageUsec() >= 0) {
            long wallUs = Math.max(1, (s.timestamp().toEpochMilli() - lastStats.timestamp().toEpochMilli()) * 1000);
            cpu = Math.max(0, (s.cpuUsageUsec() - lastStats.cpuUsageUsec()) * 100.0 / wallUs);
        }
        lastStats = s;
        history.add(new Sample(s.timestamp().toEpochMilli(), cpu, Math.max(0, s.memoryBytes()), s.memoryLimit(),
                Math.max(0, s.pids()), Math.max(0, s.diskBytes())));
        if (history.size() > HISTORY) history.remove(0);
        statsVersion.set(statsVersion.get() + 1);
    }

    public List<Sample> history() {
        return List.copyOf(history);
    }

    public SandboxStats lastStats() {
        return lastStats;
    }

    public double[] cpuSeries() {
        return history.stream().mapToDouble(Sample::cpuPercent).toArray();
    }

    public double[] memorySeries() {
        return history.stream().mapToDouble(s -> s.memoryBytes() / (1024.0 * 1024.0)).toArray();
    }
}
