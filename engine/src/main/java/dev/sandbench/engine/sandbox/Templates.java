package dev.sandbench.engine.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates this engine offers. With the bubblewrap runtime a template is the host's
 * /usr seen through the sandbox, so a template is available when the host has its runtime;
 * other runtimes (OCI images) will bring their own root filesystems behind the same names.
 * Names clients use for other platforms' templates ({@code node-20}, {@code python:3.11-slim})
 * are mapped onto these by {@link TemplateNames}.
 */
public final class Templates {
    private static final Logger LOG = LoggerFactory.getLogger(Templates.class);
    public static final String DEFAULT = "minimal";
    /** The sandbox's PATH, in its order: a version is measured from the binary a command in the sandbox would run. */
    private static final List<String> SANDBOX_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
            "/sbin", "/bin");
    private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)+)");

    /** A language runtime of a template: the command that runs it and how it tells its version. */
    private record Runtime(String key, String command, String versionFlag) {}

    private record Def(String name, String description, List<String> languages, List<String> required, String install,
                       List<Runtime> runtimes) {}

    private static final List<Def> DEFS = List.of(
            new Def("minimal", "A POSIX shell, bash where present, and coreutils.", List.of("bash", "sh"),
                    List.of("/usr/bin/sh|/bin/sh", "/usr/bin/ls|/bin/ls"), "install coreutils",
                    List.of(new Runtime("bash", "bash", "--version"))),
            new Def("python", "Python 3 from the host, with its standard library.", List.of("python", "bash", "sh"),
                    List.of("/usr/bin/python3|/usr/local/bin/python3"), "install python3 (sudo apt-get install python3)",
                    List.of(new Runtime("python", "python3", "--version"))),
            new Def("node", "Node.js from the host.", List.of("javascript", "bash", "sh"),
                    List.of("/usr/bin/node|/usr/local/bin/node"), "install Node.js (sudo apt-get install nodejs)",
                    List.of(new Runtime("node", "node", "--version"))));

    private final Map<String, Template> byName;
    /** Versions are measured once per engine run, on first use: starting node or python costs tens of milliseconds. */
    private final Map<String, Map<String, String>> versions = new ConcurrentHashMap<>();

    public Templates() {
        Map<String, Template> m = new LinkedHashMap<>();
        for (Def d : DEFS) {
            List<String> missing = new ArrayList<>();
            for (String alternatives : d.required()) {
                if (find(alternatives).isEmpty()) missing.add(alternatives.split("\\|")[0]);
            }
            boolean ok = missing.isEmpty();
            m.put(d.name(), new Template(d.name(), d.description(), d.languages(), ok,
                    ok ? null : "the host lacks " + String.join(", ", missing) + ": " + d.install(), null));
        }
        byName = m;
    }

    private static Optional<Path> find(String alternatives) {
        for (String p : alternatives.split("\\|")) {
            if (Files.isExecutable(Path.of(p))) return Optional.of(Path.of(p));
        }
        return Optional.empty();
    }

    /** Every template, with the versions of its runtimes. */
    public List<Template> all() {
        return byName.values().stream().map(t -> t.withRuntimeVersions(runtimeVersions(t.name()))).toList();
    }

    /** A template by its exact local name. */
    public Optional<Template> get(String name) {
        Template t = byName.get(name);
        return t == null ? Optional.empty() : Optional.of(t.withRuntimeVersions(runtimeVersions(name)));
    }

    /** The local template names, in the order {@code GET /v1/templates} lists them. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The versions of a template's runtimes as its sandboxes see them (e.g. {@code python -> 3.11.2}):
     * the host's binaries, measured once. A runtime the host lacks is left out.
     */
    public Map<String, String> runtimeVersions(String template) {
        Def def = DEFS.stream().filter(d -> d.name().equals(template)).findFirst().orElse(null);
        if (def == null) return Map.of();
        return versions.computeIfAbsent(template, k -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (Runtime r : def.runtimes()) measure(r).ifPresent(v -> m.put(r.key(), v));
            return Map.copyOf(m);
        });
    }

    /** Measures every template's runtime versions on a daemon thread, so no request waits for them. */
    public void measureInBackground() {
        Thread t = new Thread(() -> names().forEach(this::runtimeVersions), "template-versions");
        t.setDaemon(true);
        t.start();
    }

    /** The version of a template's main runtime (the first it lists), or null when the host lacks it. */
    public String mainVersion(String template) {
        Def def = DEFS.stream().filter(d -> d.name().equals(template)).findFirst().orElse(null);
        return def == null || def.runtimes().isEmpty() ? null : runtimeVersions(template).get(def.runtimes().get(0).key());
    }

    private static Optional<String> measure(Runtime r) {
        Optional<Path> binary = SANDBOX_PATH.stream().map(d -> Path.of(d, r.command())).filter(Files::isExecutable).findFirst();
        if (binary.isEmpty()) return Optional.empty();
        ProcessBuilder pb = new ProcessBuilder(binary.get().toString(), r.versionFlag()).redirectErrorStream(true);
        // A fixed environment: the engine's own (PYTHONPATH, NODE_OPTIONS...) must not change what is measured.
        pb.environment().clear();
        pb.environment().put("PATH", String.join(":", SANDBOX_PATH));
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(out);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            LOG.warn("could not measure the version of {}: {}", binary.get(), e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
