package dev.sandbench.engine.terminal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.IOException;

/**
 * The C library calls a {@link Pty} needs, bound once by JNA direct mapping (no reflection per
 * call). Linux x86-64 and arm64 constants.
 */
final class LibC {
    private static final int EINTR = 4;
    private static final LinkageError MISSING;

    static {
        LinkageError missing = null;
        try {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
        } catch (LinkageError e) {
            missing = e;
        }
        MISSING = missing;
    }

    private LibC() {}

    static void requireAvailable() throws IOException {
        if (MISSING != null) throw new IOException("terminals need the C library through JNA: " + MISSING.getMessage());
    }

    /** Native buffers of one thread's calls: data and one pollfd. */
    static final class Buffers {
        final Memory data;
        final Memory pollfd = new Memory(8);

        Buffers(int size) {
            data = new Memory(size);
        }
    }

    static native int posix_openpt(int flags) throws LastErrorException;

    static native int grantpt(int fd) throws LastErrorException;

    static native int unlockpt(int fd) throws LastErrorException;

    static native int ptsname_r(int fd, byte[] buf, long len);

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd);

    static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    static native long write(int fd, Pointer buf, long count) throws LastErrorException;

    static native int poll(Pointer fds, long nfds, int timeoutMs) throws LastErrorException;

    static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    static String ptsname(int fd) throws IOException {
        byte[] buf = new byte[128];
        int err = ptsname_r(fd, buf, buf.length);
        if (err != 0) throw new IOException("ptsname failed (error " + err + ")");
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Waits up to {@code timeoutMs} for {@code events} on {@code fd}: 1 when ready (or when the
     * other side hung up, so the next call sees it), 0 on timeout.
     */
    static int await(int fd, short events, int timeoutMs, Memory pollfd) {
        pollfd.setInt(0, fd);
        pollfd.setShort(4, events);
        pollfd.setShort(6, (short) 0);
        try {
            return poll(pollfd, 1, timeoutMs) > 0 ? 1 : 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINTR) return 0;
            return -1;
        }
    }
}
