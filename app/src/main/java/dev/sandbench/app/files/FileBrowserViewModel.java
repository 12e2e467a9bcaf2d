package dev.sandbench.app.files;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.files.FileEntry;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The file browser's state and operations on the selected sandbox's files: listings (loaded
 * lazily, per directory), live change notices, uploads with name-clash questions, downloads,
 * and new / rename / delete. Use on the UI thread.
 */
public final class FileBrowserViewModel {
    /** What to do when an uploaded name exists already. */
    public enum Clash { REPLACE, KEEP_BOTH, SKIP }

    /** Asks the user about one clash (the view shows a dialog). */
    public interface ClashResolver {
        Clash resolve(String name, String dir);
    }

    private final UiExecutor ui;
    private final Notifier notifier;
    private final TransferQueue transfers;
    private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>(this, "connection");
    private final ObjectProperty<SandboxItem> sandbox = new SimpleObjectProperty<>(this, "sandbox");
    private final StringProperty root = new SimpleStringProperty(this, "root", "/workspace");
    private Consumer<Set<String>> onDirsChanged = dirs -> { };

    public FileBrowserViewModel(UiExecutor ui, Notifier notifier, TransferQueue transfers) {
        this.ui = ui;
        this.notifier = notifier;
        this.transfers = transfers;
    }

    private SandbenchClient client() {
        Connection c = connection.get();
        if (c == null) throw new IllegalStateException("not connected");
        return c.client();
    }

    private String sandboxId() {
        SandboxItem s = sandbox.get();
        if (s == null) throw new IllegalStateException("no sandbox selected");
        return s.id();
    }

    /** Lists one directory in the background. */
    public void list(String dir, Consumer<List<FileEntry>> ok, Consumer<Throwable> failed) {
        if (sandbox.get() == null || connection.get() == null) return;
        SandbenchClient c = client();
        String id = sandboxId();
        ui.run("list " + dir, () -> c.files().list(id, dir), ok, failed);
    }

    /** The view is told which directories changed (parents of changed paths) so it re-lists open ones. */
    public void setOnDirsChanged(Consumer<Set<String>> listener) {
        onDirsChanged = listener;
    }

    /** Follows {@code files.changed} events of the shown sandbox. */
    public void onEvents(List<EngineEvent> batch) {
        SandboxItem s = sandbox.get();
        if (s == null) return;
        Set<String> dirs = new LinkedHashSet<>();
        for (EngineEvent e : batch) {
            // A sandbox that starts running again can be listed again (a failed listing is retried).
            if ("sandbox.updated".equals(e.type()) && s.id().equals(e.sandboxId()) && e.data() != null
                    && "running".equals(e.data().path("status").asText())) {
                dirs.add(root.get());
            }
            if (!"files.changed".equals(e.type()) || !s.id().equals(e.sandboxId()) || e.data() == null) continue;
            for (var p : e.data().path("paths")) dirs.add(parent(p.asText()));
            if (e.data().path("path").isTextual()) dirs.add(parent(e.data().path("path").asText()));
        }
        if (!dirs.isEmpty()) onDirsChanged.accept(dirs);
    }

    /** Files changed after this instant are marked (the sandbox's start). */
    public Instant modifiedSince() {
        SandboxItem s = sandbox.get();
        return s == null || s.sandbox().startedAt() == null ? Instant.MAX : s.sandbox().startedAt();
    }

    // --- operations -----------------------------------------------------------------------------

    public void mkdir(String dir, String name, Runnable done) {
        String path = join(dir, requireName(name));
        call("create folder " + path, c -> c.files().mkdir(sandboxId(), path), done);
    }

    public void newFile(String dir, String name, Runnable done) {
        String path = join(dir, requireName(name));
        String id = sandboxId();
        SandbenchClient c = client();
        ui.run("new file", () -> {
            if (exists(c, id, path)) throw new IllegalArgumentException(path + " exists already");
            c.files().writeText(id, path, "");
            return null;
        }, ok -> done.run(), e -> notifier.error("Could not create " + path, e));
    }

    public void rename(FileEntry entry, String newName, Runnable done) {
        String target = join(parent(entry.path()), requireName(newName));
        if (target.equals(entry.path())) return;
        call("rename " + entry.path(), c -> c.files().move(sandboxId(), entry.path(), target, false), done);
    }

    public void delete(List<FileEntry> entries, Runnable done) {
        String id = sandboxId();
        SandbenchClient c = client();
        ui.run("delete", () -> {
            for (FileEntry e : entries) c.files().delete(id, e.path(), e.isDirectory());
            return null;
        }, ok -> done.run(), e -> notifier.error("Could not delete", e));
    }

    private interface Call {
        Object run(SandbenchClient c) throws Exception;
    }

    private void call(String what, Call call, Runnable done) {
        SandbenchClient c = client();
        ui.run(what, () -> call.run(c), ok -> done.run(), e -> notifier.error("Could not " + what, e));
    }

    private static boolean exists(SandbenchClient c, String id, String path) {
        try {
            c.files().stat(id, path);
            return true;
        } catch (dev.sandbench.client.NotFoundException e) {
            return false;
        }
    }

    /**
     * Uploads local files and folders into {@code dir}, asking about each name that exists there.
     * Folders go to a hidden staging folder first and are moved into place when complete, so a
     * cancelled folder upload leaves nothing either.
     */
    public void upload(List<Path> locals, String dir, ClashResolver resolver, Runnable done) {
        SandbenchClient c = client();
        String id = sandboxId();
        ui.run("list " + dir, () -> c.files().list(id, dir), existing -> {
            Set<String> taken = new HashSet<>();
            for (FileEntry e : existing) taken.add(e.name());
            Deque<Path> queue = new ArrayDeque<>(locals);
            while (!queue.isEmpty()) {
                Path local = queue.poll();
                String name = local.getFileName().toString();
                String finalName = name;
                boolean overwrite = false;
                if (taken.contains(name)) {
                    Clash choice = resolver.resolve(name, dir);
                    if (choice == null || choice == Clash.SKIP) {
                        transfers.skipped(name, "skipped: " + name + " exists in " + dir);
                        continue;
                    }
                    if (choice == Clash.KEEP_BOTH) finalName = freeName(name, taken);
                    else overwrite = true;
                }
                taken.add(finalName);
                if (Files.isDirectory(local)) uploadFolder(c, id, local, dir, finalName, overwrite, done);
                else uploadFile(c, id, local, join(dir, finalName), overwrite, done);
            }
        }, e -> notifier.error("Could not upload into " + dir, e));
    }

    private void uploadFile(SandbenchClient c, String id, Path local, String target, boolean overwrite, Runnable done) {
        transfers.start(local.getFileName().toString(), TransferItem.Direction.UPLOAD,
                listener -> c.files().upload(id, local, target, overwrite, listener), entry -> done.run());
    }

    private void uploadFolder(SandbenchClient c, String id, Path local, String dir, String finalName, boolean overwrite,
                              Runnable done) {
        String staging = join(dir, ".sandbench-upload-" + UUID.randomUUID().toString().substring(0, 8));
        TransferItem item = transfers.start(local.getFileName() + "/", TransferItem.Direction.UPLOAD,
                listener -> c.files().uploadFolder(id, local, staging, true, listener), entries -> {
                    String target = join(dir, finalName);
                    ui.run("move " + target, () -> {
                        if (overwrite && exists(c, id, target)) c.files().delete(id, target, true);
                        c.files().move(id, join(staging, local.getFileName().toString()), target, false);
                        c.files().delete(id, staging, true);
                        return null;
                    }, ok -> done.run(), e -> notifier.error("Could not move the uploaded folder into place", e));
                });
        item.stateProperty().addListener((o, was, now) -> {
            if (now == TransferItem.State.CANCELLED || now == TransferItem.State.FAILED) {
                ui.run("clean up " + staging, () -> {
                    c.files().delete(id, staging, true);
                    return null;
                }, ok -> { }, e -> { });
            }
        });
    }

    /** Downloads files and folders into {@code localDir}; folders as a .tar.gz or unpacked. */
    public void download(List<FileEntry> entries, Path localDir, boolean foldersAsArchive, Consumer<Path> done) {
        SandbenchClient c = client();
        String id = sandboxId();
        for (FileEntry e : entries) {
            if (!e.isDirectory()) {
                transfers.start(e.name(), TransferItem.Direction.DOWNLOAD,
                        l -> c.files().download(id, e.path(), localDir.resolve(e.name()), false, l), done);
            } else if (foldersAsArchive) {
                transfers.start(e.name() + ".tar.gz", TransferItem.Direction.DOWNLOAD,
                        l -> c.files().downloadArchive(id, e.path(), localDir.resolve(e.name() + ".tar.gz"), true, l), done);
            } else {
                transfers.start(e.name() + "/", TransferItem.Direction.DOWNLOAD,
                        l -> c.files().downloadFolder(id, e.path(), localDir.resolve(e.name()), l), done);
            }
        }
    }

    static String freeName(String name, Set<String> taken) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; ; i++) {
            String candidate = stem + " (" + i + ")" + ext;
            if (!taken.contains(candidate)) return candidate;
        }
    }

    private static String requireName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.equals(".") || n.equals("..") || n.contains("/")) {
            throw new IllegalArgumentException("\"" + n + "\" is not a file name (no slashes, not empty)");
        }
        return n;
    }

    public static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    public ObjectProperty<Connection> connectionProperty() { return connection; }
    public ObjectProperty<SandboxItem> sandboxProperty() { return sandbox; }
    public StringProperty rootProperty() { return root; }
    public TransferQueue transfers() { return transfers; }
}
