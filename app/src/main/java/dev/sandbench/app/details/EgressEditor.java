package dev.sandbench.app.details;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.Feature;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.sandboxes.EgressPolicy;
import dev.sandbench.client.sandboxes.EgressRules;
import dev.sandbench.client.sandboxes.NetworkMode;
import dev.sandbench.client.sandboxes.Sandbox;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The egress rules of the selected sandbox, as text to edit (one network or DNS name a line) and
 * apply live: the engine's answer replaces the text, and what it refuses by default is shown
 * beside them.
 */
public final class EgressEditor {
    private final UiExecutor ui;
    private final StringProperty allow = new SimpleStringProperty(this, "allow", "");
    private final StringProperty deny = new SimpleStringProperty(this, "deny", "");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyStringWrapper defaults = new ReadOnlyStringWrapper(this, "defaults", "");
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper(this, "mode", "");
    private final ReadOnlyBooleanWrapper editable = new ReadOnlyBooleanWrapper(this, "editable");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper loadedAllow = new ReadOnlyStringWrapper(this, "loadedAllow", "");
    private final ReadOnlyStringWrapper loadedDeny = new ReadOnlyStringWrapper(this, "loadedDeny", "");
    private final BooleanBinding changed = Bindings.createBooleanBinding(
            () -> !rules(allow.get()).equals(rules(loadedAllow.get())) || !rules(deny.get()).equals(rules(loadedDeny.get())),
            allow, deny, loadedAllow, loadedDeny);
    private String sandboxId;
    private Connection connection;
    private long request;

    public EgressEditor(UiExecutor ui) {
        this.ui = ui;
    }

    /** The rules of a text area: one a line, blank lines and {@code #} comments left out. */
    static List<String> rules(String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Shows the rules of {@code s} on {@code c} (either may be null). */
    public void show(Sandbox s, Connection c) {
        long mine = ++request;
        connection = c;
        sandboxId = s == null ? null : s.id();
        editable.set(false);
        fill(List.of(), List.of());
        defaults.set("");
        mode.set("");
        if (s == null || c == null) {
            note.set("");
            return;
        }
        if (s.networkMode() == null || s.networkMode() == NetworkMode.NONE) {
            note.set("No network: this sandbox reaches nothing outside itself, so it has no egress rules.");
            return;
        }
        if (!c.capabilities().has(Feature.EGRESS)) {
            note.set(Feature.EGRESS.whyMissing());
            return;
        }
        note.set("Loading…");
        ui.run("read egress rules", () -> c.client().sandboxes().egress(s.id()), p -> {
            if (mine == request) loaded(p, "");
        }, e -> {
            if (mine == request) note.set("Could not read the egress rules: " + Notifier.describe(e));
        });
    }

    /** Sends the edited rules; a running sandbox follows them from its next connection. */
    public void apply() {
        String id = sandboxId;
        Connection c = connection;
        if (id == null || c == null || !editable.get() || busy.get()) return;
        long mine = request;
        EgressRules rules = new EgressRules(rules(allow.get()), rules(deny.get()));
        busy.set(true);
        note.set("Applying…");
        ui.run("change egress rules", () -> c.client().sandboxes().setEgress(id, rules), p -> {
            busy.set(false);
            if (mine == request) {
                loaded(p, p.live() ? "Applied: the sandbox's next connections follow these rules."
                        : "Saved: they apply when the sandbox starts.");
            }
        }, e -> {
            busy.set(false);
            if (mine == request) note.set("Not applied: " + Notifier.describe(e));
        });
    }

    /** Puts back the rules as the engine has them. */
    public void revert() {
        allow.set(loadedAllow.get());
        deny.set(loadedDeny.get());
    }

    private void loaded(EgressPolicy p, String message) {
        fill(p.allow(), p.deny());
        mode.set("allowlist".equals(p.networkMode())
                ? "Allowlist: only what is allowed below gets through."
                : "Full: every public address, except what is refused below and by default.");
        defaults.set("Refused unless allowed by network: " + p.refusedByDefault().stream()
                .map(EgressPolicy.DefaultRule::network).collect(Collectors.joining(", ")));
        editable.set(true);
        note.set(message);
    }

    private void fill(List<String> allowRules, List<String> denyRules) {
        String a = String.join("\n", allowRules);
        String d = String.join("\n", denyRules);
        loadedAllow.set(a);
        loadedDeny.set(d);
        allow.set(a);
        deny.set(d);
    }

    public StringProperty allowProperty() { return allow; }
    public StringProperty denyProperty() { return deny; }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    public ReadOnlyStringProperty defaultsProperty() { return defaults.getReadOnlyProperty(); }
    public ReadOnlyStringProperty modeProperty() { return mode.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty editableProperty() { return editable.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** Whether the text differs from the rules the engine has. */
    public BooleanBinding changedBinding() { return changed; }
}
