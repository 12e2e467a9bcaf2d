package dev.sandbench.engine.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Plain directories in the data directory, with a measured disk limit (docs/decisions/0015). */
final class PlainStorage implements Storage {
    private static final Logger LOG = LoggerFactory.getLogger(PlainStorage.class);
    private final Path root;
    private final String why;

    PlainStorage(Path root, String why) {
        this.root = root;
        this.why = why;
        LOG.info("sandbox disk limits are measured, not enforced by the kernel: {}", why);
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public boolean hard() {
        return false;
    }

    @Override
    public String describe() {
        return "measured every second, deleted files still held open included; no single file may exceed disk_gb "
                + "(EFBIG inside); a sandbox over disk_gb is stopped (files kept). Not a kernel limit (" + why + "): "
                + "what several files gain within a second can exceed it";
    }

    @Override
    public void createVolume(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public boolean isVolume(Path dir) {
        return false;
    }

    @Override
    public void limit(Path volume, long bytes) {
        // measured: SandboxService's disk monitor compares
    }

    @Override
    public Map<Path, Long> usage() {
        return Map.of();
    }

    @Override
    public void close() {
        // nothing mounted
    }
}
