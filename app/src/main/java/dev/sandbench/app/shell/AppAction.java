package dev.sandbench.app.shell;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.Ikon;

/**
 * One thing the user can do, registered once: it feeds the menus, the command palette and the
 * shortcut overlay.
 *
 * @param accelerator null when it has no shortcut
 * @param enabled null when it is always enabled
 */
public record AppAction(String id, String title, String category, KeyCombination accelerator, Ikon icon,
                        Runnable handler, ObservableBooleanValue enabled) {

    public boolean isEnabled() {
        return enabled == null || enabled.get();
    }

    /** Runs it if enabled. */
    public void fire() {
        if (isEnabled()) handler.run();
    }

    /** Keeps a control's disable property the opposite of this action's enabled state. */
    public void bindDisable(javafx.beans.property.BooleanProperty disable) {
        if (enabled != null) disable.bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> !enabled.get(), enabled));
    }

    public String shortcutText() {
        return accelerator == null ? "" : accelerator.getDisplayText();
    }
}
