package dev.sandbench.app.connection;

import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.NotFoundException;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.system.EngineInfo;
import dev.sandbench.client.system.Health;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;

/**
 * A live connection to one engine: its client, and a background monitor that keeps the status
 * current (connected, reconnecting, unreachable) and retries with backoff for as long as the
 * connection is open. Properties change on the UI thread.
 */
public final class Connection implements AutoCloseable {
    private static final long CONNECTED_POLL_MS = 2_000;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final ConnectionProfile profile;
    private final SandbenchClient client;
    /** Health checks with a short timeout, so a stalled engine is reported within seconds. */
    private final SandbenchClient probe;
    private final UiExecutor ui;
    private final ReadOnlyObjectWrapper<ConnectionStatus> status = new ReadOnlyObjectWrapper<>(this, "status", ConnectionStatus.CONNECTING);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper engineProblem = new ReadOnlyStringWrapper(this, "engineProblem");
    private final ReadOnlyObjectWrapper<EngineInfo> info = new ReadOnlyObjectWrapper<>(this, "info");
    private final ReadOnlyObjectWrapper<Capabilities> capabilities = new ReadOnlyObjectWrapper<>(this, "capabilities", Capabilities.all());
    private final Thread monitor;
    private volatile boolean closed;

    private Connection(ConnectionProfile profile, SandbenchClient client, SandbenchClient probe, UiExecutor ui) {
        this.profile = profile;
        this.client = client;
        this.probe = probe;
        this.ui = ui;
        this.monitor = new Thread(this::monitor, "sandbench-health-" + profile.id());
        monitor.setDaemon(true);
    }

    /** Connects (in the background) to {@code profile.url()} with {@code apiKey}. */
    public static Connection open(ConnectionProfile profile, String apiKey, UiExecutor ui) {
        SandbenchClient client = SandbenchClient.builder().baseUrl(profile.url()).apiKey(apiKey)
                .connectTimeout(Duration.ofSeconds(3)).callTimeout(Duration.ofSeconds(30)).attempts(1).build();
        SandbenchClient probe = SandbenchClient.builder().baseUrl(profile.url()).apiKey(apiKey)
                .connectTimeout(Duration.ofSeconds(3)).callTimeout(Duration.ofSeconds(4)).attempts(1).build();
        Connection c = new Connection(profile, client, probe, ui);
        c.monitor.start();
        return c;
    }

    /** A connection that never came up (the embedded engine failed to start). */
    public static Connection failed(ConnectionProfile profile, String why, UiExecutor ui) {
        SandbenchClient client = SandbenchClient.connect("http://127.0.0.1:9", "none");
        Connection c = new Connection(profile, client, client, ui);
        c.status.set(ConnectionStatus.FAILED);
        c.detail.set(why);
        return c;
    }

    private void monitor() {
        boolean everConnected = false;
        int failures = 0;
        long backoff = 500;
        while (!closed) {
            try {
                Health h = probe.system().health();
                String problem = h.ok() ? null : h.problem() == null ? "the engine reports status " + h.status() : h.problem();
                boolean first = !everConnected;
                // The embedded engine has every feature: say "connected" at once and read the rest after.
                // A remote server's features are read first, so nothing it lacks is offered.
                if (first && !profile.isEmbedded()) readCapabilitiesAndInfo();
                everConnected = true;
                failures = 0;
                backoff = 500;
                publish(ConnectionStatus.CONNECTED, "Connected to " + profile.url(), problem);
                if (first && profile.isEmbedded()) readCapabilitiesAndInfo();
                sleep(CONNECTED_POLL_MS);
            } catch (RuntimeException e) {
                if (closed) return;
                failures++;
                // A blip on a working connection is "reconnecting"; a few misses in a row, or never
                // having connected, is "unreachable". Both keep retrying.
                ConnectionStatus s = everConnected && failures < 3 ? ConnectionStatus.RECONNECTING : ConnectionStatus.UNREACHABLE;
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                publish(s, "Cannot reach " + profile.url() + ": " + why + " (retrying in " + backoff / 1000.0 + " s)", null);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private void readCapabilitiesAndInfo() {
        Capabilities caps = probeCapabilities();
        EngineInfo engineInfo = readInfo();
        ui.onUi(() -> {
            capabilities.set(caps);
            info.set(engineInfo);
        });
    }

    private Capabilities probeCapabilities() {
        try {
            return Capabilities.fromOpenApi(probe.system().openApi());
        } catch (NotFoundException e) {
            return Capabilities.all();
        }
    }

    private EngineInfo readInfo() {
        try {
            return probe.system().info();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private void publish(ConnectionStatus s, String d, String problem) {
        ui.onUi(() -> {
            if (closed) return;
            status.set(s);
            detail.set(d);
            engineProblem.set(problem);
        });
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    public ConnectionProfile profile() {
        return profile;
    }

    public SandbenchClient client() {
        return client;
    }

    public ReadOnlyObjectProperty<ConnectionStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ConnectionStatus status() {
        return status.get();
    }

    /** A sentence for the status bar's tooltip. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** Why sandboxes cannot be created on the engine's host (null when they can). */
    public ReadOnlyStringProperty engineProblemProperty() {
        return engineProblem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<EngineInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Capabilities> capabilitiesProperty() {
        return capabilities.getReadOnlyProperty();
    }

    public Capabilities capabilities() {
        return capabilities.get();
    }

    @Override
    public void close() {
        closed = true;
        monitor.interrupt();
        status.set(ConnectionStatus.CLOSED);
        client.close();
        if (probe != client) probe.close();
    }
}
