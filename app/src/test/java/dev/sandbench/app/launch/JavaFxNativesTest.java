package dev.sandbench.app.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class JavaFxNativesTest {
    @TempDir
    Path tmp;

    @Test
    void workbenchesStartingTogetherOnlyEverSeeWholeLibraries() throws Exception {
        byte[] glass = new byte[3 << 20];
        new Random(7).nextBytes(glass);
        Path jar = tmp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "libglass.so", glass);
            put(out, "libprism_sw.so", new byte[] {1, 2, 3});
            put(out, "dev/sandbench/Some.class", new byte[] {4});
        }
        Path dir = tmp.resolve("cache");
        int starts = 6;
        CyclicBarrier together = new CyclicBarrier(starts);
        ExecutorService pool = Executors.newFixedThreadPool(starts);
        List<Future<byte[]>> seen = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            seen.add(pool.submit(() -> {
                together.await();
                JavaFxNatives.unpack(jar, dir);
                return Files.readAllBytes(dir.resolve("libglass.so")); // what System.load would map now
            }));
        }
        for (Future<byte[]> f : seen) assertThat(f.get()).isEqualTo(glass);
        pool.shutdown();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("libglass.so", "libprism_sw.so");
        }
    }

    private static void put(JarOutputStream out, String name, byte[] data) throws Exception {
        out.putNextEntry(new JarEntry(name));
        out.write(data);
        out.closeEntry();
    }
}
