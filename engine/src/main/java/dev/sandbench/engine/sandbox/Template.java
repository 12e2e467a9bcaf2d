package dev.sandbench.engine.sandbox;

import java.util.List;
import java.util.Map;

/**
 * A kind of sandbox, and whether this host can provide it.
 *
 * @param runtimeVersions the versions of its language runtimes as sandboxes see them ({@code python -> 3.11.2})
 */
public record Template(String name, String description, List<String> languages, boolean available, String reason,
                       Map<String, String> runtimeVersions) {

    Template withRuntimeVersions(Map<String, String> versions) {
        return new Template(name, description, languages, available, reason, versions);
    }
}
