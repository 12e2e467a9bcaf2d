package dev.sandbench.app.shell;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Scene;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.kordamp.ikonli.Ikon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every action of the workbench, in registration order, each with at most one accelerator. */
public final class ActionRegistry {
    private final Map<String, AppAction> actions = new LinkedHashMap<>();

    public AppAction register(String id, String title, String category, String accelerator, Ikon icon,
                              Runnable handler, ObservableBooleanValue enabled) {
        KeyCombination key = accelerator == null ? null : KeyCombination.keyCombination(accelerator);
        if (key != null) {
            for (AppAction a : actions.values()) {
                if (key.equals(a.accelerator())) {
                    throw new IllegalStateException(accelerator + " is taken by " + a.id());
                }
            }
        }
        AppAction a = new AppAction(id, title, category, key, icon, handler, enabled);
        if (actions.putIfAbsent(id, a) != null) throw new IllegalStateException("action " + id + " registered twice");
        return a;
    }

    public AppAction get(String id) {
        AppAction a = actions.get(id);
        if (a == null) throw new IllegalArgumentException("no action " + id);
        return a;
    }

    public List<AppAction> all() {
        return Collections.unmodifiableList(new ArrayList<>(actions.values()));
    }

    /**
     * Makes the accelerators work anywhere in the scene. Plain-key accelerators (like {@code ?}) do
     * not fire while a text field or terminal has the focus, so typing is never hijacked.
     */
    public void install(Scene scene, java.util.function.BooleanSupplier typingFocus) {
        // The key-typed event that follows a shortcut's key press would land in whatever the
        // action focused (Ctrl+T opens a terminal, whose shell must not receive the "t").
        boolean[] swallowTyped = {false};
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowTyped[0]) e.consume();
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> swallowTyped[0] = false);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            swallowTyped[0] = false;
            for (AppAction a : actions.values()) {
                KeyCombination k = a.accelerator();
                if (k == null || !k.match(e)) continue;
                boolean plain = !e.isControlDown() && !e.isAltDown() && !e.isMetaDown() && !e.getCode().isFunctionKey();
                if (plain && typingFocus.getAsBoolean()) return;
                if (a.isEnabled()) {
                    e.consume();
                    swallowTyped[0] = true;
                    a.handler().run();
                }
                return;
            }
        });
    }
}
