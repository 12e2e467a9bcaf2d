package dev.sandbench.engine.exec;

import dev.sandbench.engine.runtime.OutputSink;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.runtime.SandboxCommand;
import dev.sandbench.engine.runtime.SandboxProcessSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A long-lived process in a sandbox (a shell, an interpreter) that takes one request at a time
 * on stdin and ends each answer with a marker line on stdout ({@code MARK payload}) and on
 * stderr ({@code MARK}). A fresh random marker per call means nothing the user prints can
 * pass for one.
 */
final class MarkedSession implements OutputSink {
    /** One finished call: the output before the markers, and the text after the stdout marker. */
    record Answer(String stdout, String stderr, String output, String payload, boolean truncated) {}

    /** The process ended during the call (exit, crash, or a kill). */
    static final class Ended extends Exception {
        final int exitCode;
        final Answer partial;

        Ended(int exitCode, Answer partial) {
            super("the session's process ended with code " + exitCode);
            this.exitCode = exitCode;
            this.partial = partial;
        }
    }

    private final SandboxCommand process;
    private final int cap;
    private volatile Call current;

    MarkedSession(RunningSandbox sandbox, SandboxProcessSpec spec, int cap) throws IOException {
        this.cap = cap;
        this.process = sandbox.runDirect(spec, this);
        process.exited().whenComplete((code, e) -> {
            Call c = current;
            if (c != null) c.ended(code == null ? -1 : code);
        });
    }

    boolean alive() {
        return !process.exited().isDone();
    }

    /** Sends one request and waits for its markers. One call at a time. */
    synchronized Answer call(byte[] request, String mark, long timeoutMs) throws TimeoutException, Ended, IOException {
        return call(request, mark, timeoutMs, null);
    }

    /**
     * The same, passing output on to {@code chunks} (when not null) while the call runs; what may
     * be the start of a marker is held back until it turns out not to be.
     */
    synchronized Answer call(byte[] request, String mark, long timeoutMs, OutputListener chunks)
            throws TimeoutException, Ended, IOException {
        Call c = new Call(mark, cap, chunks);
        current = c;
        try {
            if (process.exited().isDone()) {
                throw new Ended(process.exited().getNow(-1), c.answer(""));
            }
            process.writeStdin(request);
            return c.done.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Ended ended) throw ended;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            current = null;
        }
    }

    void kill() {
        process.kill();
    }

    @Override
    public void stdout(byte[] data, int off, int len) {
        Call c = current;
        if (c != null) c.stdout(data, off, len);
    }

    @Override
    public void stderr(byte[] data, int off, int len) {
        Call c = current;
        if (c != null) c.stderr(data, off, len);
    }

    /** Output of one call as it arrives, watching both streams for the marker. */
    private static final class Call {
        final byte[] outMark;
        final byte[] errMark;
        final Stream out;
        final Stream err;
        final ByteArrayOutputStream combined = new ByteArrayOutputStream();
        final int cap;
        final CompletableFuture<Answer> done = new CompletableFuture<>();
        boolean combinedTruncated;

        Call(String mark, int cap, OutputListener chunks) {
            this.outMark = ("\n" + mark + " ").getBytes(StandardCharsets.UTF_8);
            this.errMark = ("\n" + mark + "\n").getBytes(StandardCharsets.UTF_8);
            this.cap = cap;
            this.out = new Stream("stdout", outMark, cap, chunks);
            this.err = new Stream("stderr", errMark, cap, chunks);
        }

        synchronized void stdout(byte[] d, int off, int len) {
            err.releaseHeldNewline();
            out.append(d, off, len);
            keepCombined(d, off, len);
            check();
        }

        synchronized void stderr(byte[] d, int off, int len) {
            out.releaseHeldNewline();
            err.append(d, off, len);
            keepCombined(d, off, len);
            check();
        }

        private void keepCombined(byte[] d, int off, int len) {
            int room = cap - combined.size();
            if (room >= len) combined.write(d, off, len);
            else {
                if (room > 0) combined.write(d, off, room);
                combinedTruncated = true;
            }
        }

        private void check() {
            if (out.markAt >= 0 && err.markAt >= 0 && out.payloadEnd() >= 0) {
                String payload = out.payload();
                done.complete(answer(payload));
            }
        }

        synchronized void ended(int code) {
            done.completeExceptionally(new Ended(code, answer("")));
        }

        Answer answer(String payload) {
            String o = out.before();
            String e = err.before();
            String both = combined.toString(StandardCharsets.UTF_8);
            // The markers went into the combined view too; cut them out.
            both = both.replace(new String(outMark, StandardCharsets.UTF_8) + payload + "\n", "")
                    .replace(new String(errMark, StandardCharsets.UTF_8), "");
            return new Answer(o, e, both, payload, out.truncated || err.truncated || combinedTruncated);
        }
    }

    /** One stream's bytes, capped, with the position of the marker once seen. */
    private static final class Stream {
        final String name;
        final byte[] mark;
        final int cap;
        final OutputListener chunks;
        final dev.sandbench.engine.runtime.Utf8Chunks decoder = new dev.sandbench.engine.runtime.Utf8Chunks();
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        /** Everything since the stream started, while short enough to search; then only a tail. */
        final ByteArrayOutputStream window = new ByteArrayOutputStream();
        /** Bytes moved out of the window so far, and bytes passed on to {@link #chunks} (both since the call began). */
        long seen;
        long emitted;
        int markAt = -1;
        boolean truncated;

        Stream(String name, byte[] mark, int cap, OutputListener chunks) {
            this.name = name;
            this.mark = mark;
            this.cap = cap;
            this.chunks = chunks;
        }

        void append(byte[] d, int off, int len) {
            window.write(d, off, len);
            if (markAt < 0) {
                byte[] all = window.toByteArray();
                int at = indexOf(all, mark);
                emit(all, at >= 0 ? at : holdFrom(all));
                if (at >= 0) {
                    markAt = at;
                } else if (window.size() > 4 * mark.length + 4096) {
                    int keep = mark.length + 256;
                    keepBytes(all, 0, all.length - keep);
                    window.reset();
                    window.write(all, all.length - keep, keep);
                }
            }
        }

        /**
         * Passes on a newline held back at the end while the other stream has output to pass on: the
         * markers come one stream after the other, so while the other stream still carries the
         * command's output this newline is the command's too, and it belongs before that output.
         */
        void releaseHeldNewline() {
            if (chunks == null || markAt >= 0) return;
            byte[] all = window.toByteArray();
            int from = (int) Math.max(0, emitted - seen);
            if (all.length - from == 1 && all[from] == '\n') emit(all, all.length);
        }

        /** Passes on the bytes before {@code upTo} (an index into the window) not passed on yet. */
        private void emit(byte[] all, int upTo) {
            if (chunks == null) return;
            int from = (int) Math.max(0, emitted - seen);
            if (upTo <= from) return;
            String text = decoder.decode(all, from, upTo - from);
            emitted = seen + upTo;
            if (!text.isEmpty()) chunks.output(name, text);
        }

        /**
         * Where a marker may have begun: the first newline (the marker starts with one) from which
         * the rest of the window is the start of the marker. Output before it is the command's.
         * (A shell writes its stderr unbuffered, a byte at a time, so even a newline alone may be one.)
         */
        private int holdFrom(byte[] all) {
            for (int i = (int) Math.max(0, emitted - seen); i < all.length; i++) {
                if (all[i] == '\n' && startsMark(all, i)) return i;
            }
            return all.length;
        }

        private boolean startsMark(byte[] all, int i) {
            int n = all.length - i;
            if (n >= mark.length) return false;
            for (int j = 0; j < n; j++) {
                if (all[i + j] != mark[j]) return false;
            }
            return true;
        }

        private void keepBytes(byte[] d, int off, int len) {
            seen += len;
            int room = cap - kept.size();
            if (room >= len) kept.write(d, off, len);
            else {
                if (room > 0) kept.write(d, off, room);
                truncated = true;
            }
        }

        int payloadEnd() {
            byte[] all = window.toByteArray();
            for (int i = markAt + mark.length; i < all.length; i++) {
                if (all[i] == '\n') return i;
            }
            return mark[mark.length - 1] == '\n' ? markAt + mark.length : -1;
        }

        String payload() {
            byte[] all = window.toByteArray();
            int end = payloadEnd();
            int start = markAt + mark.length;
            return end <= start ? "" : new String(all, start, end - start, StandardCharsets.UTF_8);
        }

        String before() {
            byte[] all = window.toByteArray();
            int upTo = markAt >= 0 ? markAt : all.length;
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(kept.toByteArray(), 0, kept.size());
            int room = cap - b.size();
            b.write(all, 0, Math.max(0, Math.min(upTo, room)));
            if (upTo > room) truncated = true;
            return b.toString(StandardCharsets.UTF_8);
        }

        static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) continue outer;
                }
                return i;
            }
            return -1;
        }
    }
}
