package dev.sandbench.terminal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Text handed from one thread (a socket's, or a replay's) to JediTerm's emulator thread, which
 * reads it as a character stream: {@link #read} blocks until text arrives and returns -1 once the
 * queue has ended.
 */
final class TextQueue {
    /** Marks the end of the stream in the queue (compared by identity). */
    private static final String EOF = new String(new char[0]);
    private final BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
    private String current = "";
    private int position;

    void add(String text) {
        if (!text.isEmpty()) chunks.add(text);
    }

    /** Ends the stream: reads return -1 once what came before is read. */
    void end() {
        chunks.add(EOF);
    }

    int read(char[] buf, int offset, int length) {
        try {
            while (position >= current.length()) {
                String next = chunks.take();
                if (next == EOF) {
                    chunks.add(EOF); // stay at the end for any later read
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

    /** Whether a read would return at once. */
    boolean ready() {
        return position < current.length() || !chunks.isEmpty();
    }
}
