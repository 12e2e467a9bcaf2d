package dev.sandbench.app.explorer;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.ConnectionStatus;
import dev.sandbench.app.connection.Feature;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.Coalescer;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.NotFoundException;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.events.EventListener;
import dev.sandbench.client.events.EventSubscription;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStats;
import dev.sandbench.client.sandboxes.SandboxStatus;
import dev.sandbench.client.snapshots.Snapshot;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sandbox explorer's state: the active connection's sandboxes kept current from the engine's
 * event stream (or by polling where a server has none), search and status filters, grouping,
 * resource sparklines for the rows on screen, and the sandbox actions. Use on the UI thread.
 */
public final class ExplorerViewModel implements AutoCloseable {
    private static final long STATS_INTERVAL_MS = 2_000;
    private static final long POLL_INTERVAL_MS = 3_000;

    private final UiExecutor ui;
    private final Notifier notifier;
    private final ObservableList<SandboxItem> items = FXCollections.observableArrayList();
    private final Map<String, SandboxItem> byId = new HashMap<>();
    private final FilteredList<SandboxItem> visible = new FilteredList<>(items, i -> true);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ObjectProperty<SandboxStatus> statusFilter = new SimpleObjectProperty<>(this, "statusFilter");
    private final ObjectProperty<Grouping> grouping = new SimpleObjectProperty<>(this, "grouping", Grouping.NONE);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyStringWrapper listProblem = new ReadOnlyStringWrapper(this, "listProblem");
    private final ReadOnlyStringWrapper liveNote = new ReadOnlyStringWrapper(this, "liveNote");
    private final ReadOnlyLongWrapper structure = new ReadOnlyLongWrapper(this, "structure");
    private final ReadOnlyLongWrapper changes = new ReadOnlyLongWrapper(this, "changes");
    private final ObjectProperty<SandboxItem> selected = new SimpleObjectProperty<>(this, "selected");
    /** Rows on screen (set by the view): only their stats are polled. */
    private final Set<String> shown = ConcurrentHashMap.newKeySet();
    private final Map<String, SandboxStatus> statusById = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ChangeListener<ConnectionStatus> onStatus = (o, was, now) -> statusChanged(was, now);

    private final List<Consumer<List<EngineEvent>>> eventConsumers = new ArrayList<>();
    private Connection connection;
    private EventSubscription events;
    private boolean reloading;
    private final List<EngineEvent> heldEvents = new ArrayList<>();
    private long generation;

    public ExplorerViewModel(UiExecutor ui, Notifier notifier) {
        this.ui = ui;
        this.notifier = notifier;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbench-explorer-poll");
            t.setDaemon(true);
            return t;
        });
        filterText.addListener((o, a, b) -> refilter());
        statusFilter.addListener((o, a, b) -> refilter());
        grouping.addListener((o, a, b) -> bump());
        timer.scheduleWithFixedDelay(this::pollStats, STATS_INTERVAL_MS, STATS_INTERVAL_MS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::pollListIfNoEvents, POLL_INTERVAL_MS, POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    // --- connection ---------------------------------------------------------------------------

    /** Shows the sandboxes of {@code c} (null: none). */
    public void attach(Connection c) {
        if (connection != null) connection.statusProperty().removeListener(onStatus);
        closeEvents();
        generation++;
        connection = c;
        byId.clear();
        statusById.clear();
        items.clear();
        selected.set(null);
        loaded.set(false);
        listProblem.set(null);
        liveNote.set(null);
        bump();
        if (c == null) return;
        c.statusProperty().addListener(onStatus);
        if (c.status() == ConnectionStatus.CONNECTED) statusChanged(null, ConnectionStatus.CONNECTED);
    }

    private void statusChanged(ConnectionStatus was, ConnectionStatus now) {
        if (now == ConnectionStatus.CONNECTED && was != ConnectionStatus.CONNECTED) {
            subscribe();
            reload();
        }
    }

    private void subscribe() {
        closeEvents();
        if (!connection.capabilities().has(Feature.LIVE_EVENTS)) {
            liveNote.set(Feature.LIVE_EVENTS.whyMissing());
            return;
        }
        long gen = generation;
        Coalescer<EngineEvent> batch = new Coalescer<>(ui, list -> {
            if (gen == generation) ingest(list);
        });
        Connection c = connection;
        events = c.client().events().subscribe(new EventListener() {
            @Override
            public void onEvent(EngineEvent event) {
                batch.add(event);
            }

            @Override
            public void onDisconnected(Throwable cause) {
                if (cause instanceof NotFoundException) {
                    c.capabilities().markMissing(Feature.LIVE_EVENTS);
                    ui.onUi(() -> {
                        if (gen != generation) return;
                        liveNote.set(Feature.LIVE_EVENTS.whyMissing());
                        closeEvents();
                    });
                }
            }
        });
    }

    private void closeEvents() {
        if (events != null) {
            events.close();
            events = null;
        }
    }

    /** Reads the whole list again (after connecting, a missed-events reset, or on request). */
    public void reload() {
        if (connection == null) return;
        SandbenchClient client = connection.client();
        long gen = generation;
        reloading = true;
        ui.run("list sandboxes", () -> client.sandboxes().list(), list -> {
            if (gen != generation) return;
            reloading = false;
            setAll(list);
            listProblem.set(null);
            loaded.set(true);
            List<EngineEvent> held = new ArrayList<>(heldEvents);
            heldEvents.clear();
            apply(held);
        }, e -> {
            if (gen != generation) return;
            reloading = false;
            heldEvents.clear();
            listProblem.set("Could not list sandboxes: " + Notifier.describe(e));
        });
    }

    private void setAll(List<Sandbox> list) {
        Map<String, SandboxItem> next = new HashMap<>();
        List<SandboxItem> ordered = new ArrayList<>();
        for (Sandbox s : list) {
            if (s.status() == SandboxStatus.DESTROYED) continue;
            SandboxItem item = byId.get(s.id());
            if (item == null) item = new SandboxItem(s);
            else item.update(s);
            next.put(s.id(), item);
            ordered.add(item);
            statusById.put(s.id(), s.status());
        }
        statusById.keySet().retainAll(next.keySet());
        byId.clear();
        byId.putAll(next);
        items.setAll(ordered);
        if (selected.get() != null && !byId.containsKey(selected.get().id())) selected.set(null);
        bump();
    }

    /** Applies a batch of engine events (what the live stream delivers, one batch per UI pulse). */
    public void ingest(List<EngineEvent> batch) {
        apply(batch);
        for (Consumer<List<EngineEvent>> c : eventConsumers) c.accept(batch);
    }

    /**
     * Also hands every batch of engine events to {@code consumer} on the UI thread (the file
     * browser and editors follow {@code files.changed}): one subscription per connection.
     */
    public void addEventConsumer(Consumer<List<EngineEvent>> consumer) {
        eventConsumers.add(consumer);
    }

    private void apply(List<EngineEvent> batch) {
        if (reloading) {
            heldEvents.addAll(batch);
            return;
        }
        boolean changed = false;
        for (EngineEvent e : batch) {
            switch (e.type()) {
                case "reset" -> {
                    reload();
                    return;
                }
                case "sandbox.created", "sandbox.updated" -> changed |= e.sandbox().map(this::upsert).orElse(false);
                case "sandbox.destroyed" -> changed |= remove(e.sandboxId());
                default -> { }
            }
        }
        if (changed) bump();
    }

    /** Adds or updates one sandbox; true when the list's shape (membership or grouping) changed. */
    private boolean upsert(Sandbox s) {
        if (s.status() == SandboxStatus.DESTROYED) return remove(s.id());
        statusById.put(s.id(), s.status());
        SandboxItem item = byId.get(s.id());
        if (item == null) {
            item = new SandboxItem(s);
            byId.put(s.id(), item);
            items.add(0, item);
            return true;
        }
        boolean regroup = !grouping.get().key(item.sandbox()).equals(grouping.get().key(s));
        item.update(s);
        changes.set(changes.get() + 1);
        if (regroup || statusFilter.get() != null) refilter();
        return regroup;
    }

    private boolean remove(String id) {
        SandboxItem item = byId.remove(id);
        statusById.remove(id);
        if (item == null) return false;
        items.remove(item);
        if (selected.get() == item) selected.set(null);
        return true;
    }

    private void refilter() {
        String q = filterText.get() == null ? "" : filterText.get().strip().toLowerCase(Locale.ROOT);
        SandboxStatus st = statusFilter.get();
        visible.setPredicate(i -> {
            Sandbox s = i.sandbox();
            if (st != null && s.status() != st) return false;
            if (q.isEmpty()) return true;
            return contains(s.id(), q) || contains(s.name(), q) || contains(s.template(), q)
                    || (s.labels() != null && s.labels().entrySet().stream().anyMatch(l -> contains(l.getKey() + "=" + l.getValue(), q)));
        });
        bump();
    }

    private static boolean contains(String s, String q) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(q);
    }

    private void bump() {
        structure.set(structure.get() + 1);
        changes.set(changes.get() + 1);
    }

    // --- polling ------------------------------------------------------------------------------

    private void pollStats() {
        Connection c = connection;
        if (c == null || c.status() != ConnectionStatus.CONNECTED || !c.capabilities().has(Feature.STATS)) return;
        SandboxItem sel = selected.get();
        Set<String> ids = new java.util.LinkedHashSet<>(shown);
        if (sel != null) ids.add(sel.id());
        List<SandboxStats> results = new ArrayList<>();
        for (String id : ids) {
            if (statusById.get(id) != SandboxStatus.RUNNING) continue;
            try {
                results.add(c.client().sandboxes().stats(id));
            } catch (NotFoundException e) {
                // Usually destroyed since (the event stream removes it). A server that published no
                // route list and answers 404 for a sandbox it still lists has no stats route.
                if (!c.capabilities().fromDocument() && statusById.containsKey(id)) {
                    c.capabilities().markMissing(Feature.STATS);
                    return;
                }
            } catch (RuntimeException e) {
                return; // the connection monitor reports unreachable engines
            }
        }
        if (results.isEmpty()) return;
        long gen = generation;
        ui.onUi(() -> {
            if (gen != generation) return;
            for (SandboxStats s : results) {
                SandboxItem item = byId.get(s.sandboxId());
                if (item != null) item.addStats(s);
            }
        });
    }

    private void pollListIfNoEvents() {
        Connection c = connection;
        if (c == null || c.status() != ConnectionStatus.CONNECTED || c.capabilities().has(Feature.LIVE_EVENTS)) return;
        ui.onUi(() -> {
            if (connection == c && !reloading) reload();
        });
    }

    /** The view reports which rows are on screen. */
    public void setShown(Set<String> ids) {
        shown.clear();
        shown.addAll(ids);
    }

    // --- actions ------------------------------------------------------------------------------

    public void create(CreateSandbox request, Consumer<Sandbox> done, Consumer<Throwable> failed) {
        SandbenchClient client = requireClient();
        ui.run("create sandbox", () -> client.sandboxes().create(request), s -> {
            if (upsert(s)) bump();
            SandboxItem item = byId.get(s.id());
            if (item != null) selected.set(item);
            done.accept(s);
        }, failed);
    }

    /** Shows and selects a sandbox created elsewhere in the workbench (a fork from a replay). */
    public void adopt(Sandbox s) {
        if (upsert(s)) bump();
        SandboxItem item = byId.get(s.id());
        if (item != null) selected.set(item);
    }

    public void pause(List<SandboxItem> targets) {
        each(targets, "pause", (c, id) -> c.sandboxes().pause(id));
    }

    public void resume(List<SandboxItem> targets) {
        each(targets, "resume", (c, id) -> c.sandboxes().resume(id));
    }

    public void start(List<SandboxItem> targets) {
        each(targets, "start", (c, id) -> c.sandboxes().start(id));
    }

    public void destroy(List<SandboxItem> targets) {
        SandbenchClient client = requireClient();
        for (SandboxItem item : List.copyOf(targets)) {
            ui.run("destroy " + item.id(), () -> {
                client.sandboxes().destroy(item.id());
                return item.id();
            }, id -> {
                if (remove(id)) bump();
            }, e -> notifier.error("Could not destroy " + label(item), e));
        }
    }

    public void snapshot(SandboxItem item, String name, Consumer<Snapshot> done) {
        SandbenchClient client = requireClient();
        ui.run("snapshot " + item.id(), () -> client.snapshots().create(item.id(), name, "taken from the workbench"), snap -> {
            notifier.success("Snapshot taken", label(item) + ": " + snap.name() + " (" + snap.id() + ")");
            done.accept(snap);
        }, e -> notifier.error("Could not snapshot " + label(item), e));
    }

    private interface SandboxCall {
        Sandbox call(SandbenchClient client, String id);
    }

    private void each(List<SandboxItem> targets, String verb, SandboxCall call) {
        SandbenchClient client = requireClient();
        for (SandboxItem item : List.copyOf(targets)) {
            ui.run(verb + " " + item.id(), () -> call.call(client, item.id()), s -> {
                if (upsert(s)) bump();
            }, e -> notifier.error("Could not " + verb + " " + label(item), e));
        }
    }

    private SandbenchClient requireClient() {
        if (connection == null) throw new IllegalStateException("not connected");
        return connection.client();
    }

    public static String label(SandboxItem item) {
        Sandbox s = item.sandbox();
        return s.name() == null || s.name().isBlank() ? s.id() : s.name() + " (" + s.id() + ")";
    }

    // --- properties ---------------------------------------------------------------------------

    public ObservableList<SandboxItem> items() {
        return items;
    }

    /** Items after search and status filter. */
    public FilteredList<SandboxItem> visible() {
        return visible;
    }

    public SandboxItem find(String id) {
        return byId.get(id);
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ObjectProperty<SandboxStatus> statusFilterProperty() {
        return statusFilter;
    }

    public ObjectProperty<Grouping> groupingProperty() {
        return grouping;
    }

    public ObjectProperty<SandboxItem> selectedProperty() {
        return selected;
    }

    /** True once the list has been read from the engine. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Why the list could not be read (null when it could). */
    public ReadOnlyStringProperty listProblemProperty() {
        return listProblem.getReadOnlyProperty();
    }

    /** Set when updates are not live (a server without an event stream). */
    public ReadOnlyStringProperty liveNoteProperty() {
        return liveNote.getReadOnlyProperty();
    }

    /** Changes whenever rows are added, removed, filtered or regrouped. */
    public ReadOnlyLongProperty structureProperty() {
        return structure.getReadOnlyProperty();
    }

    /** Changes whenever any sandbox changes (status, settings) or the list changes. */
    public ReadOnlyLongProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        closeEvents();
        timer.shutdownNow();
    }
}
