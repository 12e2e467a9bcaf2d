package dev.sandbench.engine.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Keystroke echo latency and output throughput of the terminal WebSocket. */
final class TerminalBench {
    record Result(EngineBench.Stats echo, double mbPerSecond, int megabytes, double barePtyMbPerSecond) {}

    /**
     * The kernel's PTY alone: the same output through a bare host PTY read by the smallest
     * reader there is (python3's os.read of up to 64 KiB in a loop), no JVM, no sandbox, no
     * WebSocket. A PTY hands out at most 4 KiB per read, so this is the ceiling here.
     */
    static double barePty(int mb) throws Exception {
        String script = String.join("\n",
                "import os, pty, sys, time",
                "pid, fd = pty.fork()",
                "if pid == 0:",
                "    os.execv('/bin/sh', ['/bin/sh', '-c', \"head -c " + (mb * 1_000_000L) + " /dev/zero | tr '\\\\0' 'a'\"])",
                "n = 0",
                "t = time.monotonic()",
                "while True:",
                "    try:",
                "        b = os.read(fd, 65536)",
                "    except OSError:",
                "        break",
                "    if not b:",
                "        break",
                "    n += len(b)",
                "dt = time.monotonic() - t",
                "os.waitpid(pid, 0)",
                "print(n / 1e6 / dt)");
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) throw new IllegalStateException("python3 PTY loop failed: " + out);
        return Double.parseDouble(out);
    }

    private static final String DONE = "__DONE__";

    private TerminalBench() {}

    static Result run(String url, String key, String sandboxId) throws Exception {
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        AtomicLong chars = new AtomicLong();
        StringBuilder partial = new StringBuilder();
        // During a flood the client counts characters and watches for the end marker as frames
        // arrive (the marker ends the output but for the prompt), without copying 200 MB into strings
        // of its own; the JDK still decodes every frame.
        java.util.concurrent.atomic.AtomicBoolean counting = new java.util.concurrent.atomic.AtomicBoolean();
        StringBuilder tail = new StringBuilder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .buildAsync(URI.create(url.replace("http", "ws") + "/v1/sandboxes/" + sandboxId + "/terminal?rows=40&cols=200"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                if (counting.get()) {
                                    if (chars.get() == 0) tail.setLength(0); // a new flood: forget the last one's marker
                                    chars.addAndGet(data.length());
                                    tail.append(data, Math.max(0, data.length() - 64), data.length());
                                    if (tail.indexOf(DONE) >= 0) {
                                        counting.set(false);
                                        frames.add(DONE);
                                    }
                                    tail.delete(0, Math.max(0, tail.length() - 64));
                                } else {
                                    partial.append(data);
                                    if (last) {
                                        String f = partial.toString();
                                        partial.setLength(0);
                                        chars.addAndGet(f.length());
                                        frames.add(f);
                                    }
                                }
                                w.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        send(ws, "stty -echoctl; export PS1='$ '\n");
        drainUntil(frames, "$ ", 5000);
        Thread.sleep(300);
        frames.clear();
        EngineBench.Stats echo = new EngineBench.Stats();
        for (int i = 0; i < 300; i++) {
            String key1 = String.valueOf((char) ('a' + i % 26));
            long t = System.nanoTime();
            send(ws, key1);
            drainUntil(frames, key1, 5000);
            echo.add(System.nanoTime() - t);
            if (i % 40 == 39) {
                send(ws, "\u0015");
                Thread.sleep(20);
                frames.clear();
            }
        }
        send(ws, "\u0015clear\n");
        Thread.sleep(300);
        frames.clear();
        int mb = 200;
        // One smaller flood first, not counted: the engine's output path is compiled code by the
        // measured one, as in an engine that has been running for a while.
        flood(ws, frames, chars, counting, 50);
        double mbPerSecond = 0;
        for (int round = 0; round < Integer.getInteger("bench.floods", 1); round++) {
            mbPerSecond = flood(ws, frames, chars, counting, mb);
            if (round > 0) System.out.printf("flood %d: %.1f MB/s%n", round, mbPerSecond);
        }
        ws.abort();
        return new Result(echo, mbPerSecond, mb, barePty(mb));
    }

    /** {@code mb} MB of output through the terminal: its characters received over the seconds taken. */
    private static double flood(WebSocket ws, LinkedBlockingQueue<String> frames, AtomicLong chars,
                                java.util.concurrent.atomic.AtomicBoolean counting, int mb) throws Exception {
        chars.set(0);
        counting.set(true);
        long start = System.nanoTime();
        send(ws, "head -c " + (mb * 1_000_000L) + " /dev/zero | tr '\\0' 'a'; echo; echo __DO''NE__\n");
        drainUntil(frames, DONE, 120_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(100);
        frames.clear();
        return chars.get() / 1e6 / seconds;
    }

    private static void send(WebSocket ws, String data) {
        String json = "{\"type\":\"input\",\"data\":\"" + data.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n").replace("\u0015", "\\u0015") + "\"}";
        ws.sendText(json, true).join();
    }

    private static void drainUntil(LinkedBlockingQueue<String> frames, String text, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            String f = frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
            if (f != null && f.contains(text)) return;
        }
        throw new IllegalStateException("terminal never showed " + text);
    }
}
