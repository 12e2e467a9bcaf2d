package dev.sandbench.engine.terminal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.sandbench.engine.runtime.HostTools;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A pseudo-terminal the engine owns outright, and the process on it (ADR 0013).
 *
 * <p>Its descriptors are opened close-on-exec and used only under {@link #use}: a read or a
 * write holds it shared, {@link #close} exclusively, so no thread ever reads, writes or polls a
 * descriptor number after it was closed and perhaps handed to someone else. (pty4j, used before,
 * wrote a wake-up byte to a pipe it may just have closed; under load that NUL landed in other
 * processes' pipes: a file being written, or the JDK's spawn handshake.)
 *
 * <p>The process starts through the JDK with the terminal as its stdin, stdout and stderr,
 * opened read-write by a host shell, then {@code setsid --ctty} makes it the session's
 * controlling terminal, as a login does. The engine holds the other side open until the process
 * exits, so the output ends (EIO) exactly when nothing holds the terminal any more.
 */
final class Pty implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final long TIOCSWINSZ = 0x5414;
    private static final short POLLIN = 1;
    private static final short POLLOUT = 4;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    /** How long a read or write waits in poll before it looks again at whether the terminal closed. */
    private static final int POLL_MS = 250;

    private final int master;
    private final AtomicInteger slave;
    private final String slavePath;
    private final ReentrantReadWriteLock use = new ReentrantReadWriteLock();
    private volatile boolean closed;
    /** The process started on the terminal has exited (others may still hold the terminal). */
    private volatile boolean exited;
    // One reader thread and writers taking turns: each side its own native buffers.
    private final Object writeLock = new Object();
    private final LibC.Buffers readBuffers = new LibC.Buffers(64 * 1024);
    private final LibC.Buffers writeBuffers = new LibC.Buffers(16 * 1024);
    private boolean released;

    private Pty(int master, int slave, String slavePath) {
        this.master = master;
        this.slave = new AtomicInteger(slave);
        this.slavePath = slavePath;
    }

    /** Opens a new terminal of the given size. */
    static Pty open(int rows, int cols) throws IOException {
        LibC.requireAvailable();
        int m;
        try {
            m = LibC.posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a terminal: " + e.getMessage(), e);
        }
        try {
            LibC.grantpt(m);
            LibC.unlockpt(m);
            String path = LibC.ptsname(m);
            int s = LibC.open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
            Pty pty = new Pty(m, s, path);
            pty.resize(rows, cols);
            return pty;
        } catch (LastErrorException e) {
            LibC.close(m);
            throw new IOException("cannot set up a terminal: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            LibC.close(m);
            throw e;
        }
    }

    /**
     * Starts {@code command} with this terminal as its controlling terminal and as its stdin,
     * stdout and stderr; {@code setsid} is the host's (util-linux).
     */
    Process start(List<String> command, String setsid) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec 0<>\"$0\" 1>&0 2>&0 && exec \"$@\"",
                slavePath, setsid, "--ctty", "--wait"));
        argv.addAll(command);
        Process p = HostTools.hostProcess(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.onExit().thenRun(() -> {
            exited = true;
            releaseSlave();
        });
        return p;
    }

    /** Once the process exited, output ends when nothing else holds the terminal. */
    private void releaseSlave() {
        int s = slave.getAndSet(-1);
        if (s >= 0) LibC.close(s);
    }

    /**
     * Reads up to {@code len} bytes of output into {@code buf}; -1 at the end (nothing holds the
     * terminal any more, or the process exited and nothing came for a poll's wait) or once closed.
     */
    int read(byte[] buf, int off, int len) {
        int want = (int) Math.min(len, readBuffers.data.size());
        while (true) {
            use.readLock().lock();
            try {
                if (closed) return -1;
                // Read first, wait only when there is nothing: during a flood every read finds output.
                long n = LibC.read(master, readBuffers.data, want);
                if (n <= 0) return -1;
                readBuffers.data.read(0, buf, off, (int) n);
                return (int) n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    int ready = LibC.await(master, POLLIN, POLL_MS, readBuffers.pollfd);
                    // Once the shell exited and its output is read, the terminal's output ends even
                    // if a process that left the shell's tree still holds the terminal.
                    if (ready < 0 || ready == 0 && exited) return -1;
                } else if (e.getErrorCode() != EINTR) {
                    return -1; // EIO: nobody holds the other side any more
                }
            } finally {
                use.readLock().unlock();
            }
        }
    }

    /** Types {@code data} into the terminal, waiting while its input is full. */
    void write(byte[] data) throws IOException {
        synchronized (writeLock) {
            int off = 0;
            while (off < data.length) {
                use.readLock().lock();
                try {
                    if (closed) throw new IOException("the terminal is closed");
                    int chunk = (int) Math.min(data.length - off, writeBuffers.data.size());
                    writeBuffers.data.write(0, data, off, chunk);
                    off += (int) LibC.write(master, writeBuffers.data, chunk);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == EAGAIN) {
                        if (LibC.await(master, POLLOUT, POLL_MS, writeBuffers.pollfd) < 0) {
                            throw new IOException("the terminal is gone", e);
                        }
                    } else if (e.getErrorCode() != EINTR) {
                        throw new IOException("writing to the terminal failed: " + e.getMessage(), e);
                    }
                } finally {
                    use.readLock().unlock();
                }
            }
        }
    }

    void resize(int rows, int cols) throws IOException {
        use.readLock().lock();
        try {
            if (closed) return;
            Memory size = new Memory(8);
            size.setShort(0, (short) rows);
            size.setShort(2, (short) cols);
            size.setShort(4, (short) 0);
            size.setShort(6, (short) 0);
            LibC.ioctl(master, TIOCSWINSZ, size);
        } catch (LastErrorException e) {
            throw new IOException("cannot resize the terminal: " + e.getMessage(), e);
        } finally {
            use.readLock().unlock();
        }
    }

    /**
     * Ends reads and writes, now or within a poll's wait, without waiting for them: a process
     * that left the shell's tree may hold the terminal open forever, and nothing would end a read.
     * The reader closes the terminal when its read returns.
     */
    void stop() {
        closed = true;
    }

    /** Closes both sides; waits for a read or write in progress to leave (at most a poll's wait). */
    @Override
    public void close() {
        closed = true;
        use.writeLock().lock();
        try {
            if (released) return;
            released = true;
            releaseSlave();
            LibC.close(master);
        } finally {
            use.writeLock().unlock();
        }
    }
}
