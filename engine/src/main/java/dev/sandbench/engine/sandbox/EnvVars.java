package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.api.ApiException;

import java.util.Map;
import java.util.regex.Pattern;

/** Validation of environment variables given through the API. */
public final class EnvVars {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvVars() {}

    /** Returns {@code env} (or an empty map) after refusing names or values a process could not carry. */
    public static Map<String, String> validated(Map<String, String> env) {
        if (env == null) return Map.of();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw ApiException.badRequest("env name '" + e.getKey() + "' is not a valid variable name");
            }
            if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                throw ApiException.badRequest("env value of '" + e.getKey() + "' must be a string without NUL bytes");
            }
        }
        return env;
    }
}
