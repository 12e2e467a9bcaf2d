package dev.sandbench.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link TtyConnector} with no process behind it: what {@link #feed} is given comes out of
 * {@link #read} on the emulator's thread, and what the user types goes nowhere. Used to replay a
 * recorded terminal.
 */
final class PlaybackConnector implements TtyConnector {
    private final TextQueue chunks = new TextQueue();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean open = true;

    void feed(String text) {
        if (open) chunks.add(text);
    }

    @Override
    public int read(char[] buf, int offset, int length) {
        return chunks.read(buf, offset, length);
    }

    @Override
    public void write(byte[] bytes) {
        write(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void write(String string) {
        // a recording: nothing to type into
    }

    @Override
    public boolean isConnected() {
        return open;
    }

    @Override
    public void resize(TermSize size) {
        // the recording has the size it had
    }

    @Override
    public int waitFor() throws InterruptedException {
        closed.await();
        return 0;
    }

    @Override
    public boolean ready() {
        return chunks.ready();
    }

    @Override
    public String getName() {
        return "replay";
    }

    @Override
    public void close() {
        if (!open) return;
        open = false;
        chunks.end();
        closed.countDown();
    }
}
