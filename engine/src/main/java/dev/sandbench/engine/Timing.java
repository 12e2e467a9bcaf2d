package dev.sandbench.engine;

/** TEMPORARY: phase timings to /tmp/sandbench-timing.log while tuning. */
public final class Timing {
    private static final ThreadLocal<long[]> T = ThreadLocal.withInitial(() -> new long[]{System.nanoTime()});
    private static final ThreadLocal<StringBuilder> SB = ThreadLocal.withInitial(StringBuilder::new);

    public static void start(String what) {
        T.get()[0] = System.nanoTime();
        SB.get().setLength(0);
        SB.get().append(what);
    }

    public static void lap(String phase) {
        long now = System.nanoTime();
        SB.get().append(' ').append(phase).append('=').append((now - T.get()[0]) / 1_000_000).append("ms");
        T.get()[0] = now;
    }

    public static void end() {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/sandbench-timing.log"), SB.get() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException ignored) {
        }
    }
}
