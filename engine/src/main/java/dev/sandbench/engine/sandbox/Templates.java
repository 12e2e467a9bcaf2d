package dev.sandbench.engine.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The templates this engine offers. With the bubblewrap runtime a template is the host's
 * /usr seen through the sandbox, so a template is available when the host has its runtime;
 * other runtimes (OCI images) will bring their own root filesystems behind the same names.
 */
public final class Templates {
    public static final String DEFAULT = "minimal";

    private record Def(String name, String description, List<String> languages, List<String> required, String install) {}

    private static final List<Def> DEFS = List.of(
            new Def("minimal", "A POSIX shell, bash where present, and coreutils.", List.of("bash", "sh"),
                    List.of("/usr/bin/sh|/bin/sh", "/usr/bin/ls|/bin/ls"), "install coreutils"),
            new Def("python", "Python 3 from the host, with its standard library.", List.of("python", "bash", "sh"),
                    List.of("/usr/bin/python3|/usr/local/bin/python3"), "install python3 (sudo apt-get install python3)"),
            new Def("node", "Node.js from the host.", List.of("javascript", "bash", "sh"),
                    List.of("/usr/bin/node|/usr/local/bin/node"), "install Node.js (sudo apt-get install nodejs)"));

    private final Map<String, Template> byName;

    public Templates() {
        Map<String, Template> m = new java.util.LinkedHashMap<>();
        for (Def d : DEFS) {
            List<String> missing = new ArrayList<>();
            for (String alternatives : d.required()) {
                if (find(alternatives).isEmpty()) missing.add(alternatives.split("\\|")[0]);
            }
            boolean ok = missing.isEmpty();
            m.put(d.name(), new Template(d.name(), d.description(), d.languages(), ok,
                    ok ? null : "the host lacks " + String.join(", ", missing) + ": " + d.install()));
        }
        byName = m;
    }

    private static Optional<Path> find(String alternatives) {
        for (String p : alternatives.split("\\|")) {
            if (Files.isExecutable(Path.of(p))) return Optional.of(Path.of(p));
        }
        return Optional.empty();
    }

    public List<Template> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Template> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
