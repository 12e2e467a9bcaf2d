package dev.sandbench.app.connection;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Which {@link Feature}s a server has. Read from the server's OpenAPI document when it publishes
 * one; otherwise everything is assumed present until a call answers 404 for a route, which marks
 * that feature missing.
 */
public final class Capabilities {
    private final Set<Feature> missing = Collections.synchronizedSet(EnumSet.noneOf(Feature.class));
    private final boolean fromDocument;

    private Capabilities(boolean fromDocument) {
        this.fromDocument = fromDocument;
    }

    public static Capabilities all() {
        return new Capabilities(false);
    }

    /** From an OpenAPI document's {@code paths}. */
    public static Capabilities fromOpenApi(JsonNode doc) {
        Capabilities c = new Capabilities(true);
        JsonNode paths = doc.path("paths");
        Set<String> present = new java.util.HashSet<>();
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            present.add(it.next().replaceAll("\\{[^}]+}", "{id}"));
        }
        for (Feature f : Feature.values()) {
            if (!present.contains(f.path())) c.missing.add(f);
        }
        return c;
    }

    public boolean has(Feature f) {
        return !missing.contains(f);
    }

    /** A call for this feature answered 404 for the route itself. */
    public void markMissing(Feature f) {
        missing.add(f);
    }

    public Set<Feature> missing() {
        synchronized (missing) {
            return EnumSet.copyOf(missing.isEmpty() ? EnumSet.noneOf(Feature.class) : missing);
        }
    }

    public boolean fromDocument() {
        return fromDocument;
    }
}
