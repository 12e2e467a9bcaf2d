package dev.sandbench.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tool call's arguments, checked against the tool's parameters before the tool runs. */
public final class Args {
    private final JsonNode node;

    private Args(JsonNode node) {
        this.node = node;
    }

    /** Refuses (as JSON-RPC invalid params) unknown names, missing required ones, wrong types and out-of-range values. */
    static Args check(String tool, List<Param> params, JsonNode arguments) {
        JsonNode args = arguments == null || arguments.isNull() || arguments.isMissingNode()
                ? dev.sandbench.engine.api.Json.MAPPER.createObjectNode() : arguments;
        if (!args.isObject()) {
            throw McpException.invalidParams("arguments of " + tool + " must be a JSON object");
        }
        Map<String, Param> byName = new LinkedHashMap<>();
        params.forEach(p -> byName.put(p.name(), p));
        for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!byName.containsKey(name)) {
                throw McpException.invalidParams(tool + " has no argument '" + name + "'; its arguments are "
                        + String.join(", ", byName.keySet()));
            }
        }
        for (Param p : params) {
            JsonNode v = args.get(p.name());
            if (v == null || v.isNull()) {
                if (p.required()) throw McpException.invalidParams(tool + " needs the argument '" + p.name() + "' ("
                        + p.type().json + ")");
                continue;
            }
            checkType(tool, p, v);
        }
        return new Args(args);
    }

    private static void checkType(String tool, Param p, JsonNode v) {
        String where = "argument '" + p.name() + "' of " + tool;
        switch (p.type()) {
            case STRING -> {
                if (!v.isTextual()) throw McpException.invalidParams(where + " must be a string, got " + kind(v));
                if (p.choices() != null && !p.choices().contains(v.asText())) {
                    throw McpException.invalidParams(where + " must be one of " + String.join(", ", p.choices())
                            + ", got '" + v.asText() + "'");
                }
            }
            case INTEGER -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw McpException.invalidParams(where + " must be an integer, got " + kind(v));
                }
                long n = v.asLong();
                if ((p.minimum() != null && n < p.minimum()) || (p.maximum() != null && n > p.maximum())) {
                    throw McpException.invalidParams(where + " must be from " + p.minimum() + " to " + p.maximum()
                            + ", got " + n);
                }
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) throw McpException.invalidParams(where + " must be true or false, got " + kind(v));
            }
            case STRING_MAP -> {
                if (!v.isObject()) throw McpException.invalidParams(where + " must be an object of strings, got " + kind(v));
                v.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) {
                        throw McpException.invalidParams(where + ": '" + e.getKey() + "' must be a string");
                    }
                });
            }
            default -> throw new IllegalStateException(p.type().toString());
        }
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) return "a string";
        if (v.isNumber()) return "a number (" + v.asText() + ")";
        if (v.isBoolean()) return v.asText();
        if (v.isArray()) return "an array";
        if (v.isObject()) return "an object";
        return v.getNodeType().toString().toLowerCase();
    }

    public String string(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    public String string(String name, String dflt) {
        String s = string(name);
        return s == null ? dflt : s;
    }

    public Long integer(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asLong();
    }

    public long integer(String name, long dflt) {
        Long n = integer(name);
        return n == null ? dflt : n;
    }

    public boolean bool(String name, boolean dflt) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? dflt : v.asBoolean();
    }

    public Map<String, String> stringMap(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return null;
        Map<String, String> m = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** The arguments as given, for the session recording. */
    public JsonNode json() {
        return node;
    }
}
