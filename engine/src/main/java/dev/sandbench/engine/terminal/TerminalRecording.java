package dev.sandbench.engine.terminal;

import dev.sandbench.engine.core.Ids;

import dev.sandbench.engine.api.Json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A terminal's input and output as a timed stream, recorded into the sandbox's session in
 * chunks of up to a second (or 256 KiB) per event, not one row per byte. Times are seconds since
 * the terminal opened, as asciinema casts count them. Output arrives as the JSON its frame was
 * escaped to, and the event is written as JSON straight from it: a flood is escaped once, not
 * turned into a tree and escaped again by the recorder.
 */
final class TerminalRecording {
    /** Where recorded events go (the sessions feature). */
    interface Sink {
        void record(String type, Map<String, Object> data);

        /** An event whose data is JSON already, with its input and output text for the risk rules. */
        void recordJson(String type, String json, String input, String output);
    }

    private static final long FLUSH_NANOS = 1_000_000_000L;
    private static final int FLUSH_BYTES = 256 * 1024;
    /**
     * Recorded events the recorder may have waiting before a terminal's output waits for it: a
     * flood is recorded as fast as it is written, so the terminal must not outrun the recorder,
     * or the recorder's queue (not the PTY) would hold the flood in memory.
     */
    static final int MAX_BACKLOG = 16;
    private static final long MAX_WAIT_NANOS = 5_000_000_000L;

    private final String terminalId = Ids.newId("term");
    private final Sink sink;
    private final IntSupplier backlog;
    private final long start = System.nanoTime();
    /** The chunks so far, as the JSON array's elements ({@code [0.5,"o","text"],...}) in UTF-8. */
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream(FLUSH_BYTES + 1024);
    private final StringBuilder input = new StringBuilder();
    private final StringBuilder output = new StringBuilder();
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

    /**
     * Records output: {@code escaped[off, off + len)} is its text as a JSON string's content.
     * Waits (the caller is the terminal's sender, so the shell waits too) while the recorder is behind.
     */
    void output(byte[] escaped, int off, int len, String text) {
        synchronized (this) {
            add('o', escaped, off, len);
            output.append(text);
            flushIfDue();
        }
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        // A recorder stuck for seconds (a database that does not answer) costs the recording, not the terminal.
        while (backlog.getAsInt() > MAX_BACKLOG && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
    }

    synchronized void input(String text) {
        String quoted = Json.write(text);
        byte[] escaped = quoted.getBytes(StandardCharsets.UTF_8);
        add('i', escaped, 1, escaped.length - 2);
        input.append(text);
        flushIfDue();
    }

    private void add(char kind, byte[] escaped, int off, int len) {
        long now = System.nanoTime();
        if (chunks.size() == 0) firstAt = now;
        else chunks.write(',');
        String head = "[" + Math.round((now - start) / 1e6) / 1000.0 + ",\"" + kind + "\",\"";
        chunks.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        chunks.write(escaped, off, len);
        chunks.write('"');
        chunks.write(']');
    }

    private void flushIfDue() {
        if (chunks.size() >= FLUSH_BYTES || System.nanoTime() - firstAt >= FLUSH_NANOS) flush();
    }

    synchronized void flush() {
        if (chunks.size() == 0) return;
        String json = "{\"terminal_id\":\"" + terminalId + "\",\"chunks\":[" + chunks.toString(StandardCharsets.UTF_8) + "]}";
        sink.recordJson("terminal_io", json, input.toString(), output.toString());
        chunks.reset();
        input.setLength(0);
        output.setLength(0);
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
