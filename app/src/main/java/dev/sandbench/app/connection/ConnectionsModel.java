package dev.sandbench.app.connection;

import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The connection manager: saved engines, the active connection, and the embedded engine, which
 * starts the first time it is chosen and runs until the workbench closes.
 */
public final class ConnectionsModel implements AutoCloseable {
    private final ConnectionStore store;
    private final Path embeddedDataDir;
    private final UiExecutor ui;
    private final Notifier notifier;
    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Connection> active = new ReadOnlyObjectWrapper<>(this, "active");
    private final ReadOnlyObjectWrapper<ConnectionStatus> activeStatus = new ReadOnlyObjectWrapper<>(this, "activeStatus", ConnectionStatus.CONNECTING);
    private volatile EmbeddedEngine embedded;

    public ConnectionsModel(ConnectionStore store, Path embeddedDataDir, UiExecutor ui, Notifier notifier) {
        this.store = store;
        this.embeddedDataDir = embeddedDataDir;
        this.ui = ui;
        this.notifier = notifier;
    }

    public ObservableList<ConnectionProfile> profiles() {
        return profiles;
    }

    public ReadOnlyObjectProperty<Connection> activeProperty() {
        return active.getReadOnlyProperty();
    }

    /** The active connection's status (follows switches). */
    public ReadOnlyObjectProperty<ConnectionStatus> activeStatusProperty() {
        return activeStatus.getReadOnlyProperty();
    }

    public Connection active() {
        return active.get();
    }

    /** Loads saved connections, then activates {@code preferredId} (or the embedded engine). */
    public void load(String preferredId) {
        ui.run("load connections", store::load, loaded -> {
            profiles.setAll(loaded);
            ConnectionProfile pick = loaded.stream().filter(p -> p.id().equals(preferredId)).findFirst().orElse(loaded.get(0));
            activate(pick);
        }, e -> {
            notifier.error("Could not read saved connections", e);
            profiles.setAll(List.of(ConnectionProfile.embedded()));
            activate(profiles.get(0));
        });
    }

    /** Switches to {@code profile}: the old connection closes, the new one connects in the background. */
    public void activate(ConnectionProfile profile) {
        Connection old = active.get();
        if (old != null && old.profile().id().equals(profile.id()) && old.status() != ConnectionStatus.FAILED) return;
        ui.run("connect to " + profile.name(), () -> prepare(profile), target -> {
            if (old != null) old.close();
            Connection c = target.failure() != null ? Connection.failed(target.profile(), target.failure(), ui)
                    : Connection.open(target.profile(), target.key(), ui);
            if (target.attachedTo() != null) takeOverWhenGone(c, target.attachedTo());
            activeStatus.bind(c.statusProperty());
            active.set(c);
        }, e -> notifier.error("Could not connect to " + profile.name(), e));
    }

    /**
     * On another workbench's engine (same data directory), which goes when that workbench closes:
     * then this one starts the engine itself and reconnects.
     */
    private void takeOverWhenGone(Connection c, EmbeddedEngine theirs) {
        c.statusProperty().addListener((obs, was, now) -> {
            if (now != ConnectionStatus.UNREACHABLE || active.get() != c) return;
            synchronized (this) {
                if (embedded == theirs) embedded = null;
            }
            ui.run("start the embedded engine", () -> prepare(c.profile()), target -> {
                if (active.get() != c) return;
                c.close();
                Connection next = target.failure() != null ? Connection.failed(target.profile(), target.failure(), ui)
                        : Connection.open(target.profile(), target.key(), ui);
                if (target.attachedTo() != null) takeOverWhenGone(next, target.attachedTo());
                activeStatus.bind(next.statusProperty());
                active.set(next);
            }, e -> notifier.error("Could not start the embedded engine", e));
        });
    }

    /** {@code attachedTo} is set when the embedded engine is another workbench's. */
    private record Target(ConnectionProfile profile, String key, String failure, EmbeddedEngine attachedTo) {}

    private Target prepare(ConnectionProfile profile) throws IOException {
        if (profile.isEmbedded()) {
            try {
                EmbeddedEngine e = embeddedEngine();
                return new Target(profile.withUrl(e.url()), e.adminKey(), null, e.attached() ? e : null);
            } catch (IOException | RuntimeException e) {
                return new Target(profile, null, "The embedded engine could not start: " + Notifier.describe(e), null);
            }
        }
        String key = store.key(profile.id()).orElse("");
        return new Target(profile, key, null, null);
    }

    /**
     * Starts the embedded engine now on its own thread, so it boots while the window is being built
     * (activation later waits for it). Failures surface when the connection is activated.
     */
    public void prestartEmbedded() {
        Thread t = new Thread(() -> {
            try {
                embeddedEngine();
            } catch (IOException | RuntimeException e) {
                // reported by activate(), which tries again and shows the reason
            }
        }, "sandbench-engine-boot");
        t.setDaemon(true);
        t.start();
    }

    private synchronized EmbeddedEngine embeddedEngine() throws IOException {
        if (embedded == null) embedded = EmbeddedEngine.start(embeddedDataDir);
        return embedded;
    }

    /** Checks a new or edited connection; null when it is fine, else what to fix. */
    public static String validate(String name, String url, String key) {
        if (name == null || name.isBlank()) return "Give the connection a name.";
        if (url == null || url.isBlank()) return "Enter the engine's URL, for example https://sandbox.example.com.";
        try {
            URI u = URI.create(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return "The URL must start with http:// or https://.";
            if (u.getHost() == null) return "The URL has no host name.";
        } catch (IllegalArgumentException e) {
            return "That is not a URL: " + e.getMessage();
        }
        if (key == null || key.isBlank()) return "Enter the engine's API key.";
        return null;
    }

    /** Adds a remote engine and switches to it; the key goes to the keychain (or the private file). */
    public void add(String name, String url, String key, String color, boolean shared) {
        String problem = validate(name, url, key);
        if (problem != null) throw new IllegalArgumentException(problem);
        ConnectionProfile p = new ConnectionProfile("c-" + UUID.randomUUID().toString().substring(0, 8), name.strip(),
                stripSlash(url.strip()), color, shared);
        List<ConnectionProfile> next = new ArrayList<>(profiles);
        next.add(p);
        ui.run("save connection", () -> {
            store.putKey(p.id(), key.strip());
            store.save(next);
            return p;
        }, saved -> {
            profiles.setAll(next);
            activate(saved);
        }, e -> notifier.error("Could not save the connection", e));
    }

    /** Changes name, colour or the shared flag of a saved connection. */
    public void update(ConnectionProfile changed) {
        List<ConnectionProfile> next = new ArrayList<>(profiles);
        next.replaceAll(p -> p.id().equals(changed.id()) ? changed : p);
        ui.run("save connection", () -> {
            store.save(next);
            return next;
        }, saved -> profiles.setAll(saved), e -> notifier.error("Could not save the connection", e));
    }

    public void remove(ConnectionProfile profile) {
        if (profile.isEmbedded()) throw new IllegalArgumentException("the embedded engine cannot be removed");
        List<ConnectionProfile> next = new ArrayList<>(profiles);
        next.removeIf(p -> p.id().equals(profile.id()));
        ui.run("remove connection", () -> {
            store.save(next);
            store.deleteKey(profile.id());
            return next;
        }, saved -> {
            profiles.setAll(saved);
            Connection a = active.get();
            if (a != null && a.profile().id().equals(profile.id())) activate(saved.get(0));
        }, e -> notifier.error("Could not remove the connection", e));
    }

    public String secretsLocation() {
        return store.secrets().describe();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        Connection c = active.get();
        if (c != null) c.close();
        EmbeddedEngine e = embedded;
        if (e != null) e.close();
    }
}
