package dev.sandbench.app.demo;

import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs the {@link DemoAgent} in the background and says what it is doing ("Demo agent: running the
 * tests…"); when it is done, hands its session to whoever opens the replay. One run at a time.
 */
public final class DemoViewModel {
    private final UiExecutor ui;
    private final Notifier notifier;
    private final Duration thinking;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");

    /** @param thinking how long the scripted model takes to answer each call (zero in tests) */
    public DemoViewModel(UiExecutor ui, Notifier notifier, Duration thinking) {
        this.ui = ui;
        this.notifier = notifier;
        this.thinking = thinking;
    }

    /** Whether the demo agent is at work (its action is disabled meanwhile). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** What it is doing now, what it did, or why it failed; empty before the first run. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /**
     * Runs the demo agent on {@code client}'s engine; {@code done} gets its sandbox and session on
     * the UI thread when it has finished. Ignored while a run is going on.
     */
    public void run(SandbenchClient client, Consumer<DemoAgent.Result> done) {
        if (running.get()) return;
        running.set(true);
        say("starting");
        DemoAgent agent = new DemoAgent(client, what -> ui.onUi(() -> say(what)), thinking);
        ui.run("demo agent", agent::run, r -> {
            running.set(false);
            progress.set("Demo agent: done. The tests failed, then passed after the fix; its session "
                    + r.session().id() + " is in sandbox " + r.sandbox().id() + ".");
            notifier.success("The demo agent fixed the tests", "Sandbox " + r.sandbox().id() + ", session " + r.session().id()
                    + ": " + r.session().eventCount() + " events, " + (r.session().tokensIn() + r.session().tokensOut())
                    + " tokens, $" + String.format(java.util.Locale.ROOT, "%.4f", r.session().costUsd()) + ".");
            done.accept(r);
        }, e -> {
            running.set(false);
            progress.set("Demo agent failed: " + Notifier.describe(e));
            notifier.error("The demo agent failed", e);
        });
    }

    private void say(String what) {
        progress.set("Demo agent: " + what + "\u2026");
    }
}
