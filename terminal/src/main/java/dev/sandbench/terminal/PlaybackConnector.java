package dev.sandbench.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A {@link TtyConnector} with no process behind it: what {@link #feed} is given comes out of
 * {@link #read} on the emulator's thread, and what the user types goes nowhere. Used to replay a
 * recorded terminal.
 */
final class PlaybackConnector implements TtyConnector {
    private static final String EOF = new String(new char[0]);
    private final BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean open = true;
    private String current = "";
    private int position;

    void feed(String text) {
        if (open && !text.isEmpty()) chunks.add(text);
    }

    @Override
    public int read(char[] buf, int offset, int length) {
        try {
            while (position >= current.length()) {
                String next = chunks.take();
                if (next == EOF) {
                    chunks.add(EOF);
                    return -1;
                }
                current = next;
                position = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        int n = Math.min(length, current.length() - position);
        current.getChars(position, position + n, buf, offset);
        position += n;
        return n;
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
        return position < current.length() || !chunks.isEmpty();
    }

    @Override
    public String getName() {
        return "replay";
    }

    @Override
    public void close() {
        if (!open) return;
        open = false;
        chunks.add(EOF);
        closed.countDown();
    }
}
