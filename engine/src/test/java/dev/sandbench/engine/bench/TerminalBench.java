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
    record Result(EngineBench.Stats echo, double mbPerSecond, int megabytes, double rawPtyMbPerSecond) {}

    /** The baseline: the same output through a bare PTY on the host (pty4j), no sandbox, no WebSocket. */
    static double rawPty(int mb) throws Exception {
        com.pty4j.PtyProcess p = new com.pty4j.PtyProcessBuilder(new String[]{"/bin/sh", "-c",
                "head -c " + (mb * 1_000_000L) + " /dev/zero | tr '\\0' 'a'"}).setConsole(false).start();
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        long start = System.nanoTime();
        try (java.io.InputStream in = p.getInputStream()) {
            int r;
            while ((r = in.read(buf)) > 0) n += r;
        } catch (java.io.IOException eof) {
            // the PTY closes with EIO when the command ends
        }
        p.waitFor();
        return n / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private TerminalBench() {}

    static Result run(String url, String key, String sandboxId) throws Exception {
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        AtomicLong chars = new AtomicLong();
        StringBuilder partial = new StringBuilder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .buildAsync(URI.create(url.replace("http", "ws") + "/v1/sandboxes/" + sandboxId + "/terminal?rows=40&cols=200"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    String f = partial.toString();
                                    partial.setLength(0);
                                    chars.addAndGet(f.length());
                                    frames.add(f);
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
        chars.set(0);
        long start = System.nanoTime();
        send(ws, "head -c " + (mb * 1_000_000L) + " /dev/zero | tr '\\0' 'a'; echo; echo __DO''NE__\n");
        drainUntil(frames, "__DONE__", 120_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        ws.abort();
        return new Result(echo, chars.get() / 1e6 / seconds, mb, rawPty(mb));
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
