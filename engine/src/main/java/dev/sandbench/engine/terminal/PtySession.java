package dev.sandbench.engine.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.sandbench.engine.runtime.Utf8Chunks;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One interactive shell on a PTY, bridged to one WebSocket. A thread reads the PTY and sends
 * output frames; sending blocks when the client is slow, which stops the reads, which fills
 * the PTY, which pauses the shell: a flood of output never piles up in the engine.
 */
final class PtySession implements TerminalSession {
    private static final Logger LOG = LoggerFactory.getLogger(PtySession.class);
    private final PtyProcess process;
    private final OutputStream input;
    private final WsContext ws;
    private final Thread reader;
    private final TerminalRecording recording;
    private volatile boolean closed;
    private volatile Integer exitCode;

    PtySession(List<String> command, int rows, int cols, WsContext ws, String name, TerminalRecording recording)
            throws IOException {
        this.ws = ws;
        this.recording = recording;
        this.process = new PtyProcessBuilder(command.toArray(String[]::new))
                .setEnvironment(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C", "TERM", "xterm-256color"))
                .setInitialRows(rows).setInitialColumns(cols).setConsole(false).setRedirectErrorStream(true)
                .start();
        this.input = process.getOutputStream();
        this.reader = new Thread(this::pump, "terminal-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        Utf8Chunks text = new Utf8Chunks();
        byte[] buf = new byte[64 * 1024];
        try (InputStream out = process.getInputStream()) {
            int n;
            while ((n = out.read(buf)) > 0) {
                // A PTY hands out a few KB per read; gather what is already waiting into one frame.
                while (n < buf.length - 4096 && out.available() > 0) {
                    int more = out.read(buf, n, buf.length - n);
                    if (more <= 0) break;
                    n += more;
                }
                String s = text.decode(buf, 0, n);
                if (!s.isEmpty()) {
                    recording.output(s);
                    ws.send(TerminalFrames.output(s));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the PTY closed (the shell ended) or the client went away
        }
        try {
            int code = process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
            exitCode = code;
            if (!closed) {
                ws.send(TerminalFrames.exit(code));
                ws.closeSession();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("terminal closed before its exit frame", e);
        }
    }

    @Override
    public void input(String data) throws IOException {
        recording.input(data);
        input.write(data.getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    @Override
    public void resize(int rows, int cols) {
        process.setWinSize(new WinSize(cols, rows));
    }

    /** Ends the shell and everything it started, and frees the PTY. */
    @Override
    public void close() {
        if (!closed) recording.close(exitCode);
        closed = true;
        // PtyProcess has no ProcessHandle of its own; look it up by pid.
        ProcessHandle.of(process.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
        process.destroyForcibly();
    }
}
