package dev.sandbench.app.explorer;

import dev.sandbench.client.sandboxes.Sandbox;

import java.util.function.Function;

/** How the explorer groups its list. */
public enum Grouping {
    NONE("No grouping", s -> ""),
    TEMPLATE("By template", s -> s.template() == null ? "(none)" : s.template()),
    STATUS("By status", s -> s.status() == null ? "unknown" : s.status().name().toLowerCase(java.util.Locale.ROOT));

    private final String label;
    private final Function<Sandbox, String> key;

    Grouping(String label, Function<Sandbox, String> key) {
        this.label = label;
        this.key = key;
    }

    public String key(Sandbox s) {
        return key.apply(s);
    }

    @Override
    public String toString() {
        return label;
    }
}
