package dev.sandbench.engine.system;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives memory the C library holds free back to the system now and then (glibc's
 * {@code malloc_trim}, what JDK 17's {@code -XX:TrimNativeHeapInterval} does, which an embedded
 * engine cannot set). After a burst of clients glibc kept about 100 MB of freed native memory
 * (thread stacks' malloc arenas, JNA buffers, SQLite) resident for good; with this, resident
 * memory comes back down once the engine is idle (docs/benchmarks.md, "Soak").
 */
public final class NativeHeap implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);
    private static final boolean AVAILABLE = register();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "native-heap-trim");
        t.setDaemon(true);
        return t;
    });

    private NativeHeap(long everySeconds) {
        if (AVAILABLE) timer.scheduleWithFixedDelay(NativeHeap::trim, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    /** Trims every {@code everySeconds} from now on, where the C library can (glibc). */
    public static NativeHeap every(long everySeconds) {
        return new NativeHeap(everySeconds);
    }

    private static boolean register() {
        try {
            Native.register(Libc.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (LinkageError e) {
            LOG.debug("no malloc_trim here (not glibc): native memory is left to the C library", e);
            return false;
        }
    }

    /** Returns what the C library holds free to the system; whether anything was given back. */
    public static boolean trim() {
        return AVAILABLE && Libc.malloc_trim(0) == 1;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static final class Libc {
        static native int malloc_trim(long pad);
    }
}
