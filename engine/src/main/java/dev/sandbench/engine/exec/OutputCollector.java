package dev.sandbench.engine.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a process's stdout and stderr as they arrive: each stream on its own, and both
 * interleaved in arrival order. Each keeps at most {@code cap} bytes; past that the rest is
 * read and dropped (so the process never blocks on a full pipe) and {@code truncated} is set.
 */
final class OutputCollector implements dev.sandbench.engine.runtime.OutputSink {
    private final int cap;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream combined = new ByteArrayOutputStream();
    private boolean truncated;

    OutputCollector(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void stdout(byte[] data, int off, int len) {
        keep(stdout, data, off, len);
        keep(combined, data, off, len);
    }

    @Override
    public synchronized void stderr(byte[] data, int off, int len) {
        keep(stderr, data, off, len);
        keep(combined, data, off, len);
    }

    private void keep(ByteArrayOutputStream out, byte[] buf, int off, int len) {
        int room = cap - out.size();
        if (room >= len) {
            out.write(buf, off, len);
        } else {
            if (room > 0) out.write(buf, off, room);
            truncated = true;
        }
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8),
                combined.toString(StandardCharsets.UTF_8), truncated);
    }

    record Snapshot(String stdout, String stderr, String output, boolean truncated) {}
}
