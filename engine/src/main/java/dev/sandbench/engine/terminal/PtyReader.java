package dev.sandbench.engine.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.unix.UnixPtyProcess;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/**
 * Reads a PTY's output. pty4j's own stream costs more than the kernel: every read polls through
 * JNA structures and allocates and copies the whole buffer twice, however little the PTY hands
 * out (a PTY gives at most 4 KiB a read), which capped a bare PTY at about 45 MB/s here. This
 * reads a duplicate of the master descriptor with direct calls into one native buffer. The
 * duplicate is ours, so its number cannot be reused under us when pty4j closes the original.
 */
abstract class PtyReader implements AutoCloseable {
    /**
     * Reads up to {@code len} bytes; -1 at the end (the shell and everything holding the PTY
     * exited) or when stopped. One thread reads, and closes the reader when done.
     */
    abstract int read(byte[] buf, int off, int len) throws IOException;

    @Override
    public abstract void close();

    /** A direct reader where the platform allows one, else pty4j's stream. {@code stopped} ends a read that waits. */
    static PtyReader of(PtyProcess process, BooleanSupplier stopped) {
        if (process instanceof UnixPtyProcess unix) {
            try {
                if (LibC.AVAILABLE) return new Direct(LibC.dup(unix.getPty().getMasterFD()), stopped);
            } catch (LinkageError | LastErrorException e) {
                // no libc through JNA here: use pty4j's stream
            }
        }
        return new Stream(process.getInputStream());
    }

    /** The C library calls, bound once (JNA direct mapping: no reflection per call). */
    static final class LibC {
        static final boolean AVAILABLE;

        static {
            boolean ok;
            try {
                Native.register(LibC.class, Platform.C_LIBRARY_NAME);
                ok = true;
            } catch (LinkageError e) {
                ok = false;
            }
            AVAILABLE = ok;
        }

        private LibC() {}

        static native int dup(int fd) throws LastErrorException;

        static native int close(int fd);

        static native long read(int fd, Pointer buf, long count) throws LastErrorException;

        static native int poll(Pointer fds, long nfds, int timeoutMs) throws LastErrorException;
    }

    private static final class Direct extends PtyReader {
        private static final int EINTR = 4;
        private static final int EAGAIN = 11;
        private static final short POLLIN = 1;
        /** How often a read that waits looks at whether the terminal was closed. */
        private static final int POLL_MS = 250;
        private final int fd;
        private final BooleanSupplier stopped;
        private final Memory pollfd = new Memory(8);
        private final Memory buffer = new Memory(64 * 1024);
        private boolean closed;

        Direct(int fd, BooleanSupplier stopped) {
            this.fd = fd;
            this.stopped = stopped;
            pollfd.setInt(0, fd);
            pollfd.setShort(4, POLLIN);
        }

        @Override
        int read(byte[] buf, int off, int len) throws IOException {
            if (closed) return -1;
            int want = (int) Math.min(len, buffer.size());
            while (!stopped.getAsBoolean()) {
                try {
                    pollfd.setShort(6, (short) 0);
                    // A process that keeps the PTY open after the shell was killed must not keep
                    // this thread in read() forever: wait in poll, a little at a time.
                    if (LibC.poll(pollfd, 1, POLL_MS) == 0) continue;
                    long n = LibC.read(fd, buffer, want);
                    if (n <= 0) return -1;
                    buffer.read(0, buf, off, (int) n);
                    return (int) n;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == EINTR || e.getErrorCode() == EAGAIN) continue;
                    return -1; // EIO: nobody holds the other side any more
                }
            }
            return -1;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            LibC.close(fd);
        }
    }

    private static final class Stream extends PtyReader {
        private final InputStream in;

        Stream(InputStream in) {
            this.in = in;
        }

        @Override
        int read(byte[] buf, int off, int len) throws IOException {
            return in.read(buf, off, len);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
