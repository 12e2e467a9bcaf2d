package dev.sandbench.app.stats;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The history as CSV: one row per measured sample; an empty cell where a value was not known. */
public final class StatsCsv {
    public static final String HEADER = "timestamp,cpu_percent,memory_bytes,memory_limit,pids,disk_bytes";

    private StatsCsv() { }

    public static String format(List<StatsSample> samples) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (StatsSample s : samples) {
            if (!s.live()) continue;
            b.append(Instant.ofEpochMilli(s.epochMillis())).append(',')
                    .append(Double.isNaN(s.cpuPercent()) ? "" : String.format(Locale.ROOT, "%.2f", s.cpuPercent())).append(',')
                    .append(known(s.memoryBytes())).append(',')
                    .append(s.memoryLimit() > 0 ? Long.toString(s.memoryLimit()) : "").append(',')
                    .append(known(s.pids())).append(',')
                    .append(known(s.diskBytes())).append('\n');
        }
        return b.toString();
    }

    private static String known(long v) {
        return v < 0 ? "" : Long.toString(v);
    }
}
