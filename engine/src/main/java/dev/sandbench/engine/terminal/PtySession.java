package dev.sandbench.engine.terminal;

import io.javalin.websocket.WsContext;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One interactive shell on a PTY, bridged to one WebSocket. One thread reads the PTY into a
 * bounded buffer, another sends what gathered there as output frames (so fast output leaves in
 * large frames and a keystroke's echo at once); sending blocks when the client is slow, the
 * buffer fills, the reads stop, the PTY fills and the shell pauses: a flood of output never
 * piles up in the engine.
 */
final class PtySession implements TerminalSession {
    private static final Logger LOG = LoggerFactory.getLogger(PtySession.class);
    private final Pty pty;
    private final Process process;
    private final WsContext ws;
    private final Thread reader;
    /** At most this much output waits in the engine per terminal (and a frame carries at most this much). */
    private final OutputBuffer output = new OutputBuffer(256 * 1024);
    /**
     * While output floods in, a frame waits up to this long for this much: a PTY hands out at
     * most 4 KiB per read, and a frame per read cost more than the output itself. A keystroke's
     * echo is not held back (only output that follows a full read is).
     */
    private static final int FLOOD_FRAME = 64 * 1024;
    private static final long FLOOD_WAIT_NANOS = 2_000_000;
    private final TerminalRecording recording;
    private volatile boolean closed;
    private volatile Integer exitCode;

    PtySession(List<String> command, String setsid, int rows, int cols, WsContext ws, String name,
               TerminalRecording recording) throws IOException {
        this.ws = ws;
        this.recording = recording;
        this.pty = Pty.open(rows, cols);
        try {
            this.process = pty.start(command, setsid);
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        }
        this.reader = new Thread(this::readPty, "terminal-" + name);
        reader.setDaemon(true);
        Thread sender = new Thread(this::sendFrames, "terminal-send-" + name);
        sender.setDaemon(true);
        reader.start();
        sender.start();
    }

    /** PTY to buffer: waits while the buffer is full, so a slow client pauses the shell. */
    private void readPty() {
        try {
            byte[] buf = new byte[64 * 1024];
            int room;
            while ((room = output.awaitRoom()) > 0) {
                int n = pty.read(buf, 0, Math.min(room, buf.length));
                if (n < 0) break;
                output.append(buf, 0, n);
            }
        } catch (RuntimeException e) {
            LOG.debug("terminal output ended", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            output.end();
            pty.close();
        }
    }

    /** Buffer to socket: one frame for everything gathered while the previous frame was sent. */
    private void sendFrames() {
        OutputFrames frames = new OutputFrames();
        try {
            OutputBuffer.Chunk c;
            boolean flooding = false;
            while ((c = flooding ? output.take(FLOOD_FRAME, FLOOD_WAIT_NANOS) : output.take()) != null) {
                // A full PTY read (or more) says more is on its way: gather the next frame a moment longer.
                flooding = c.length() >= 4096;
                OutputFrames.Frame f = frames.next(c.data(), 0, c.length());
                if (f == null) continue;
                recording.output(f.json(), f.escapedStart(), f.escapedLength(), f.text());
                sendText(f.json(), f.length());
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
            output.cancel();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.cancel();
            return;
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

    /** Sends a text frame whose UTF-8 is ready, without a String in between where Jetty allows it. */
    private void sendText(byte[] json, int length) throws IOException {
        if (ws.session instanceof WebSocketSession jetty) {
            FutureCallback sent = new FutureCallback();
            jetty.getCoreSession().sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(json, 0, length)), sent, false);
            sent.block();
        } else {
            ws.send(new String(json, 0, length, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void input(String data) throws IOException {
        recording.input(data);
        pty.write(data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void resize(int rows, int cols) throws IOException {
        pty.resize(rows, cols);
    }

    /** Ends the shell and everything it started, and frees the PTY. */
    @Override
    public void close() {
        if (!closed) recording.close(exitCode);
        closed = true;
        output.cancel();
        pty.stop();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
