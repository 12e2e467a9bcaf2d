package dev.sandbench.engine.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The languages {@code POST /code} runs, each with the toolchain it needs. Code always arrives
 * on the interpreter's stdin (no argument-length limit, nothing to quote); compiled languages
 * write it to a private temporary file first.
 */
final class Languages {
    /** A runnable language: the command that reads the program from stdin. */
    record Toolchain(String language, List<String> argv, boolean persistentCapable) {}

    private record Def(String language, List<String> binaries, String install, boolean persistent, String command) {}

    private static final List<Def> DEFS = List.of(
            new Def("python", List.of("/usr/bin/python3", "/usr/local/bin/python3"), "python3", true, "exec %s -"),
            new Def("javascript", List.of("/usr/bin/node", "/usr/local/bin/node"), "nodejs", true, "exec %s -"),
            new Def("typescript", List.of("/usr/bin/tsx", "/usr/local/bin/tsx", "/usr/bin/ts-node", "/usr/local/bin/ts-node"),
                    "tsx or ts-node (npm install -g tsx)", false,
                    "d=$(mktemp -d) && cat > \"$d/main.ts\" && exec %s \"$d/main.ts\""),
            new Def("bash", List.of("/bin/bash", "/usr/bin/bash"), "bash", false, "exec %s -s"),
            new Def("ruby", List.of("/usr/bin/ruby", "/usr/local/bin/ruby"), "ruby", false, "exec %s -"),
            new Def("go", List.of("/usr/bin/go", "/usr/lib/go/bin/go", "/usr/local/go/bin/go"), "golang", false,
                    "d=$(mktemp -d) && cat > \"$d/main.go\" && cd \"$d\" && GOCACHE=/tmp/go-cache exec %s run main.go"),
            new Def("r", List.of("/usr/bin/Rscript", "/usr/local/bin/Rscript"), "r-base-core", false,
                    "d=$(mktemp -d) && cat > \"$d/main.R\" && exec %s \"$d/main.R\""),
            new Def("julia", List.of("/usr/bin/julia", "/usr/local/bin/julia"), "julia", false,
                    "d=$(mktemp -d) && cat > \"$d/main.jl\" && exec %s \"$d/main.jl\""),
            new Def("wasm", List.of("/usr/bin/wasmtime", "/usr/local/bin/wasmtime", "/usr/bin/wasmer", "/usr/local/bin/wasmer"),
                    "wasmtime or wasmer", false,
                    "d=$(mktemp -d) && base64 -d > \"$d/main.wasm\" && exec %s \"$d/main.wasm\""));

    private static final Map<String, String> ALIASES = Map.of("py", "python", "python3", "python", "js", "javascript",
            "node", "javascript", "ts", "typescript", "sh", "bash", "shell", "bash", "golang", "go", "rb", "ruby");

    private Languages() {}

    static List<String> names() {
        return DEFS.stream().map(Def::language).toList();
    }

    static String canonical(String name) {
        String n = name == null ? "" : name.toLowerCase().trim();
        return ALIASES.getOrDefault(n, n);
    }

    /** The toolchain for a language, or empty with the reason in {@code why}. */
    static Optional<Toolchain> find(String language, StringBuilder why) {
        String lang = canonical(language);
        for (Def d : DEFS) {
            if (!d.language().equals(lang)) continue;
            for (String bin : d.binaries()) {
                if (Files.isExecutable(Path.of(bin))) {
                    return Optional.of(new Toolchain(lang, List.of("/bin/sh", "-c", d.command().formatted(bin)),
                            d.persistent()));
                }
            }
            why.append("language '").append(lang).append("' needs ").append(d.install())
                    .append(", which this engine's sandboxes do not have (looked for ")
                    .append(String.join(", ", d.binaries())).append(")");
            return Optional.empty();
        }
        why.append("unknown language '").append(language).append("' (languages: ").append(String.join(", ", names())).append(")");
        return Optional.empty();
    }

    /** Which languages this host can run, for {@code /v1/info} and the workbench. */
    static Map<String, Boolean> available() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (Def d : DEFS) {
            m.put(d.language(), d.binaries().stream().anyMatch(b -> Files.isExecutable(Path.of(b))));
        }
        return m;
    }
}
