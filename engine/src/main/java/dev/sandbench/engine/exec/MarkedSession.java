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
        Call c = new Call(mark, cap);
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

        Call(String mark, int cap) {
            this.outMark = ("\n" + mark + " ").getBytes(StandardCharsets.UTF_8);
            this.errMark = ("\n" + mark + "\n").getBytes(StandardCharsets.UTF_8);
            this.cap = cap;
            this.out = new Stream(outMark, cap);
            this.err = new Stream(errMark, cap);
        }

        synchronized void stdout(byte[] d, int off, int len) {
            out.append(d, off, len);
            keepCombined(d, off, len);
            check();
        }

        synchronized void stderr(byte[] d, int off, int len) {
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
        final byte[] mark;
        final int cap;
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        /** Everything since the stream started, while short enough to search; then only a tail. */
        final ByteArrayOutputStream window = new ByteArrayOutputStream();
        long seen;
        int markAt = -1;
        boolean truncated;

        Stream(byte[] mark, int cap) {
            this.mark = mark;
            this.cap = cap;
        }

        void append(byte[] d, int off, int len) {
            window.write(d, off, len);
            if (markAt < 0) {
                int at = indexOf(window.toByteArray(), mark);
                if (at >= 0) {
                    markAt = at;
                } else if (window.size() > 4 * mark.length + 4096) {
                    byte[] all = window.toByteArray();
                    int keep = mark.length + 256;
                    keepBytes(all, 0, all.length - keep);
                    window.reset();
                    window.write(all, all.length - keep, keep);
                }
            }
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
