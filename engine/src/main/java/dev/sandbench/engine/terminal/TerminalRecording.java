package dev.sandbench.engine.terminal;

import dev.sandbench.engine.Ids;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private final String terminalId = Ids.newId("term");
    private final Sink sink;
    private final long start = System.nanoTime();
    private final List<Object[]> chunks = new ArrayList<>();
    private int chars;
    private long firstAt;

    TerminalRecording(Sink sink, int rows, int cols) {
        this.sink = sink;
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("terminal_id", terminalId);
        open.put("rows", rows);
        open.put("cols", cols);
        sink.record("terminal_open", open);
    }

    synchronized void output(String text) {
        add("o", text);
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
