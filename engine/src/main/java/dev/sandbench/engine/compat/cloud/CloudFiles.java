package dev.sandbench.engine.compat.cloud;

import dev.sandbench.engine.core.FileTrees;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.files.FileChanges;
import dev.sandbench.engine.files.FileEntry;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.files.SandboxPaths;
import dev.sandbench.engine.sandbox.SandboxService;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cloud Sandbox's file routes over the engine's {@link FileService}: paths are sandbox paths
 * (relative ones taken from /workspace, the directory commands start in); a write's content is
 * the file's text, UTF-8, as the scheduler writes it; a delete removes a directory with what it holds.
 */
final class CloudFiles {
    private final SandboxService sandboxes;
    private final FileService files;
    private final FileChanges changes;

    CloudFiles(SandboxService sandboxes, FileService files, FileChanges changes) {
        this.sandboxes = sandboxes;
        this.files = files;
        this.changes = changes;
    }

    static String path(String raw, String fallback) {
        return SandboxPaths.normalize(raw == null || raw.isEmpty() ? fallback : raw, "path");
    }

    void write(Principal p, String sandboxId, String path, String content) {
        byte[] bytes = (content == null ? "" : content).getBytes(StandardCharsets.UTF_8);
        files.write(sandboxes.running(p, sandboxId), path, new ByteArrayInputStream(bytes), true);
        changes.changed(p, sandboxId, "write", List.of(path));
    }

    CloudWire.CloudFileList list(Principal p, String sandboxId, String path) {
        List<CloudWire.CloudFileInfo> out = new ArrayList<>();
        for (FileEntry e : files.list(sandboxes.running(p, sandboxId), path)) {
            if (e.name().startsWith(FileTrees.UPLOAD_STAGING_PREFIX)) continue;
            out.add(new CloudWire.CloudFileInfo(e.name(), e.path(), e.size(), e.type().equals("dir"), e.modified()));
        }
        return new CloudWire.CloudFileList(out);
    }

    void delete(Principal p, String sandboxId, String path) {
        files.delete(sandboxes.running(p, sandboxId), path, true);
        changes.changed(p, sandboxId, "delete", List.of(path));
    }
}
