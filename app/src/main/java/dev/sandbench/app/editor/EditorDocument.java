package dev.sandbench.app.editor;

import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.files.FileEntry;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One editor buffer: a file in a sandbox (or a scratch buffer with no file), its text as saved,
 * whether the editor's text differs (dirty), and whether the file changed in the sandbox since it
 * was loaded. Use on the UI thread.
 */
public final class EditorDocument {
    /** Files above this are not opened: an editor is the wrong tool, and it would hang. */
    public static final long MAX_BYTES = 2 * 1024 * 1024;
    private static final int SNIFF = 8192;

    private final SandbenchClient client;
    private final String sandboxId;
    private final UiExecutor ui;
    private final ReadOnlyStringWrapper path = new ReadOnlyStringWrapper(this, "path");
    private final ObjectProperty<Language> language = new SimpleObjectProperty<>(this, "language");
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyBooleanWrapper changedOutside = new ReadOnlyBooleanWrapper(this, "changedOutside");
    private final BooleanProperty persistent = new SimpleBooleanProperty(this, "persistent");
    private String saved = "";
    private Instant savedModified;

    private EditorDocument(SandbenchClient client, String sandboxId, String path, Language language, UiExecutor ui) {
        this.client = client;
        this.sandboxId = sandboxId;
        this.ui = ui;
        this.path.set(path);
        this.language.set(language);
        text.addListener((o, a, b) -> dirty.set(!b.equals(saved)));
    }

    /** A scratch buffer: not backed by a file, runnable in the sandbox. */
    public static EditorDocument scratch(SandbenchClient client, String sandboxId, Language language, UiExecutor ui) {
        EditorDocument d = new EditorDocument(client, sandboxId, null, language, ui);
        d.dirty.set(false);
        return d;
    }

    /**
     * Opens a file: refuses huge and binary files with a reason, else reads it. {@code opened}
     * gets the document; {@code refused} gets a sentence for the user.
     */
    public static void open(SandbenchClient client, String sandboxId, FileEntry entry, UiExecutor ui,
                            Consumer<EditorDocument> opened, Consumer<String> refused) {
        if (entry.size() > MAX_BYTES) {
            refused.accept(entry.name() + " is " + dev.sandbench.app.files.Bytes.human(entry.size())
                    + "; the editor opens files up to " + dev.sandbench.app.files.Bytes.human(MAX_BYTES) + ". Download it instead.");
            return;
        }
        ui.run("open " + entry.path(), () -> {
            byte[] head = client.files().readBytes(sandboxId, entry.path(), 0, Math.min(SNIFF, Math.max(1, entry.size())));
            for (byte b : head) {
                if (b == 0) return null;
            }
            try {
                // Text is valid UTF-8; a sequence cut at the end of the sample is fine.
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(head, 0, utf8Boundary(head)));
            } catch (java.nio.charset.CharacterCodingException notText) {
                return null;
            }
            return client.files().readText(sandboxId, entry.path());
        }, content -> {
            if (content == null) {
                refused.accept(entry.name() + " is a binary file; the editor opens text only.");
                return;
            }
            EditorDocument d = new EditorDocument(client, sandboxId, entry.path(), Language.forPath(entry.path()), ui);
            d.saved = content;
            d.savedModified = entry.modified();
            d.text.set(content);
            d.dirty.set(false);
            opened.accept(d);
        }, e -> refused.accept("Could not open " + entry.path() + ": " + Notifier.describe(e)));
    }

    /** The length of {@code head} without a UTF-8 sequence cut at its end. */
    private static int utf8Boundary(byte[] head) {
        int n = head.length;
        for (int i = 1; i <= 3 && n - i >= 0; i++) {
            int b = head[n - i] & 0xff;
            if ((b & 0xC0) == 0xC0) return n - i;
            if ((b & 0x80) == 0) return n;
        }
        return n;
    }

    /** Writes the text to the sandbox; {@code done} runs when it is saved. */
    public void save(Runnable done, Consumer<Throwable> failed) {
        if (path.get() == null) throw new IllegalStateException("a scratch buffer has no file; use save as");
        String content = text.get();
        ui.run("save " + path.get(), () -> {
            client.files().writeText(sandboxId, path.get(), content);
            return client.files().stat(sandboxId, path.get());
        }, entry -> {
            saved = content;
            savedModified = entry.modified();
            dirty.set(!text.get().equals(saved));
            changedOutside.set(false);
            done.run();
        }, failed);
    }

    /** Saves a scratch buffer (or any buffer) under a new path, which it then follows. */
    public void saveAs(String newPath, Runnable done, Consumer<Throwable> failed) {
        path.set(newPath);
        language.set(Language.forPath(newPath) == Language.PLAIN ? language.get() : Language.forPath(newPath));
        save(done, failed);
    }

    /**
     * The engine reported a change of this file: check whether it really differs from what the
     * editor loaded or saved (our own saves show up as changes too, with the content we saved).
     */
    public void fileChanged() {
        if (path.get() == null) return;
        ui.run("check " + path.get(), () -> client.files().readText(sandboxId, path.get()), current -> {
            if (!current.equals(saved)) changedOutside.set(true);
        }, e -> changedOutside.set(true)); // deleted or unreadable: say so too
    }

    /** Replaces the editor's text with the file's current content. */
    public void reload(Runnable done) {
        ui.run("reload " + path.get(), () -> client.files().readText(sandboxId, path.get()), content -> {
            saved = content;
            text.set(content);
            dirty.set(false);
            changedOutside.set(false);
            done.run();
        }, e -> changedOutside.set(true));
    }

    /** Keeps the editor's text; the file's change is acknowledged (a save would overwrite it). */
    public void keepMine() {
        changedOutside.set(false);
        dirty.set(true);
    }

    public String title() {
        String p = path.get();
        return p == null ? "scratch." + language.get().defaultExtension() : p.substring(p.lastIndexOf('/') + 1);
    }

    public String sandboxId() { return sandboxId; }
    public SandbenchClient client() { return client; }
    public ReadOnlyStringProperty pathProperty() { return path.getReadOnlyProperty(); }
    public String path() { return path.get(); }
    public ObjectProperty<Language> languageProperty() { return language; }
    public StringProperty textProperty() { return text; }
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty changedOutsideProperty() { return changedOutside.getReadOnlyProperty(); }
    public BooleanProperty persistentProperty() { return persistent; }
    public Instant savedModified() { return savedModified; }
}
