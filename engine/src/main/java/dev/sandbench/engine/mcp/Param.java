package dev.sandbench.engine.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One argument of a tool. The same declaration produces the tool's JSON schema and checks the
 * arguments of every call, so the schema a model reads is exactly what the engine enforces.
 */
public record Param(String name, Type type, String description, boolean required, Long minimum, Long maximum,
                    List<String> choices) {

    /** JSON types a tool argument can have. */
    public enum Type {
        STRING("string"), INTEGER("integer"), BOOLEAN("boolean"), STRING_MAP("object");

        final String json;

        Type(String json) {
            this.json = json;
        }
    }

    public static Param required(String name, Type type, String description) {
        return new Param(name, type, description, true, null, null, null);
    }

    public static Param optional(String name, Type type, String description) {
        return new Param(name, type, description, false, null, null, null);
    }

    public Param range(long min, long max) {
        return new Param(name, type, description, required, min, max, choices);
    }

    public Param oneOf(List<String> values) {
        return new Param(name, type, description, required, minimum, maximum, List.copyOf(values));
    }

    Map<String, Object> schema() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type.json);
        s.put("description", description);
        if (minimum != null) s.put("minimum", minimum);
        if (maximum != null) s.put("maximum", maximum);
        if (choices != null) s.put("enum", choices);
        if (type == Type.STRING_MAP) s.put("additionalProperties", Map.of("type", "string"));
        return s;
    }
}
