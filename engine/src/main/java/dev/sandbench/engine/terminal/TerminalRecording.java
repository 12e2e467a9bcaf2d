package dev.sandbench.engine.terminal;

import dev.sandbench.engine.Ids;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A terminal's input and output as a timed stream, recorded into the sandbox's session in
 * chunks of up to a second (or 64 KiB) per event, not one row per byte. Times are seconds since
 * the terminal opened, as asciinema casts count them.
 */
final class TerminalRecording {
    /** Where recorded events go (the sessions feature). */
    @FunctionalInterface
    interface Sink {
        void record(String type, Map<String, Object> data);
    }

    private static final long FLUSH_NANOS = 1_000_000_000L;
    private static final int FLUSH_CHARS = 64 * 1024;
    /**
     * Recorded events the recorder may have waiting before a terminal's output waits for it: a
     * flood is recorded as fast as it is written, so the terminal must not outrun the recorder,
     * or the recorder's queue (not the PTY) would hold the flood in memory.
     */
    static final int MAX_BACKLOG = 64;
    private static final long MAX_WAIT_NANOS = 5_000_000_000L;

    private final String terminalId = Ids.newId("term");
    private final Sink sink;
    private final IntSupplier backlog;
    private final long start = System.nanoTime();
    private final List<Object[]> chunks = new ArrayList<>();
    private int chars;
    private long firstAt;

    TerminalRecording(Sink sink, IntSupplier backlog, int rows, int cols) {
        this.sink = sink;
        this.backlog = backlog;
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("terminal_id", terminalId);
        open.put("rows", rows);
        open.put("cols", cols);
        sink.record("terminal_open", open);
    }

    /** Records output; waits (the caller is the terminal's sender, so the shell waits too) while the recorder is behind. */
    void output(String text) {
        synchronized (this) {
            add("o", text);
        }
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        // A recorder stuck for seconds (a database that does not answer) costs the recording, not the terminal.
        while (backlog.getAsInt() > MAX_BACKLOG && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
    }

    synchronized void input(String text) {
        add("i", text);
    }

    private void add(String kind, String text) {
        long now = System.nanoTime();
        if (chunks.isEmpty()) firstAt = now;
        chunks.add(new Object[]{Math.round((now - start) / 1e6) / 1000.0, kind, text});
        chars += text.length();
        if (chars >= FLUSH_CHARS || now - firstAt >= FLUSH_NANOS) flush();
    }

    synchronized void flush() {
        if (chunks.isEmpty()) return;
        Map<String, Object> io = new LinkedHashMap<>();
        io.put("terminal_id", terminalId);
        io.put("chunks", new ArrayList<>(chunks));
        sink.record("terminal_io", io);
        chunks.clear();
        chars = 0;
    }

    synchronized void close(Integer exitCode) {
        flush();
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("terminal_id", terminalId);
        end.put("exit_code", exitCode);
        end.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
        sink.record("terminal_close", end);
    }
}
