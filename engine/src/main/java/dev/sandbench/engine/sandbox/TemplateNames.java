package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.api.ApiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the template names clients bring from other sandbox platforms ({@code node-20},
 * {@code python-312}, {@code python:3.11-slim}, {@code ubuntu}) onto the templates this engine
 * has, choosing the nearest version. Never silently: a resolution that is not a local template's
 * own name carries a note saying what the sandbox really is, which goes into the sandbox's log,
 * and the sandbox reports {@code resolved_template} and its runtime versions.
 *
 * <p>A name is a family, then optionally a version and a variant. Today every family has one
 * candidate, the host's runtime; an image store adds candidates (more versions of a family) by
 * extending {@link #candidates}, and the choice of the nearest stays here.
 */
public final class TemplateNames {
    /** A requested name split into what it asks for. Version and variant may be null. */
    record Wanted(String name, String family, String version, String variant) {}

    /** One template a family can resolve to, with the version of its main runtime (null when unknown). */
    record Candidate(Template template, String version) {}

    /**
     * What a requested name resolved to.
     *
     * @param requested the name as asked (the sandbox keeps it as its {@code template})
     * @param note      null when {@code requested} is the template's own name; otherwise what the
     *                  sandbox really is, for its log
     */
    public record Resolution(String requested, Template template, String note) {}

    /** Names (without version) and the family they mean; the local templates are named after their family. */
    private static final Map<String, String> FAMILIES = Map.of(
            "python", "python", "node", "node", "nodejs", "node",
            "minimal", "minimal", "base", "minimal", "ubuntu", "minimal", "debian", "minimal");
    /** Families whose major versions are different languages: Python 2 code does not run on Python 3. */
    private static final Set<String> MAJOR_MUST_MATCH = Set.of("python");
    /** Tags that name no version. */
    private static final Set<String> NO_VERSION = Set.of("latest", "lts", "current", "stable");
    private static final Pattern NAME = Pattern.compile(
            "(?<family>[a-z]+?)[-_@]?(?<version>\\d+(?:\\.\\d+)*)?(?:[-_.](?<variant>[a-z][a-z0-9._-]*))?");
    private static final Pattern TAG = Pattern.compile(
            "(?<version>\\d+(?:\\.\\d+)*)?(?:[-_.]?(?<variant>[a-z][a-z0-9._-]*))?");
    static final String EXAMPLES = "python-3.12, python3.11, python:3.11-slim, node-20, nodejs, ubuntu, debian, base";

    private final Templates local;

    public TemplateNames(Templates local) {
        this.local = local;
    }

    /** Resolves a requested name (null = the default template); an unknown name is a 400 that lists the names. */
    public Resolution resolve(String requested) {
        String name = requested == null ? Templates.DEFAULT : requested;
        Optional<Template> exact = local.get(name);
        if (exact.isPresent()) return new Resolution(name, exact.get(), null);
        Wanted wanted = parse(name).orElseThrow(() -> unknown(name));
        List<Candidate> candidates = candidates(wanted.family());
        if (candidates.isEmpty()) throw unknown(name);
        Candidate chosen = nearest(candidates, wanted.version());
        if (wanted.version() != null && chosen.version() != null && MAJOR_MUST_MATCH.contains(wanted.family())
                && !major(wanted.version()).equals(major(chosen.version()))) {
            throw ApiException.unprocessable("template '" + name + "' asks for " + wanted.family() + " "
                    + wanted.version() + ", but this engine has " + wanted.family() + " " + chosen.version()
                    + " only (template '" + chosen.template().name() + "'), a different major version");
        }
        return new Resolution(name, chosen.template(), note(wanted, chosen));
    }

    /** The templates a family can resolve to: today the local template named after it. */
    private List<Candidate> candidates(String family) {
        return local.get(family).map(t -> List.of(new Candidate(t, local.mainVersion(t.name())))).orElse(List.of());
    }

    /** Parses {@code python-312}, {@code python3.12}, {@code python:3.11-slim}, {@code docker.io/library/node:20}, {@code nodejs}. */
    static Optional<Wanted> parse(String raw) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        s = s.substring(s.lastIndexOf('/') + 1); // a registry path names the same image
        String repo = s;
        String tag = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            repo = s.substring(0, colon);
            tag = s.substring(colon + 1);
        }
        Matcher m = NAME.matcher(repo);
        if (!m.matches()) return Optional.empty();
        String family = FAMILIES.get(m.group("family"));
        if (family == null) return Optional.empty();
        String version = m.group("version");
        String variant = m.group("variant");
        if (tag != null) {
            if (version != null || variant != null) return Optional.empty(); // python3.11:3.12 says two things
            Matcher t = TAG.matcher(tag);
            if (tag.isEmpty() || !t.matches()) return Optional.empty();
            version = t.group("version");
            variant = t.group("variant");
        }
        if (variant != null && NO_VERSION.contains(variant)) variant = null;
        if (version != null && family.equals("python") && !version.contains(".") && version.length() > 1) {
            version = version.charAt(0) + "." + version.substring(1); // python-312 is 3.12
        }
        return Optional.of(new Wanted(raw, family, version, variant));
    }

    /** The candidate whose version shares the most leading parts with the one asked for; the newest when none is asked. */
    static Candidate nearest(List<Candidate> candidates, String version) {
        Comparator<Candidate> newest = Comparator.comparing((Candidate c) -> parts(c.version()), TemplateNames::compareParts);
        if (version == null) return candidates.stream().max(newest).orElseThrow();
        List<Integer> want = parts(version);
        Comparator<Candidate> byCloseness = Comparator.<Candidate>comparingInt(c -> commonPrefix(parts(c.version()), want))
                .thenComparingLong(c -> -distance(parts(c.version()), want))
                .thenComparing(newest);
        return candidates.stream().max(byCloseness).orElseThrow();
    }

    private String note(Wanted wanted, Candidate chosen) {
        String family = wanted.family();
        StringBuilder what = new StringBuilder();
        if (family.equals("minimal")) {
            what.append(osName()).append(" userland of the engine host");
            if (chosen.version() != null) what.append(", bash ").append(chosen.version());
        } else {
            what.append(family).append(' ').append(chosen.version() == null ? "(version unknown)" : chosen.version());
        }
        if (wanted.version() != null && (chosen.version() == null || !matches(chosen.version(), wanted.version()))) {
            what.append("; ").append(family.equals("minimal") ? wanted.name() : family + " " + wanted.version())
                    .append(" is not available here");
        }
        if (wanted.variant() != null) {
            what.append("; the '").append(wanted.variant()).append("' variant is not distinguished here");
        }
        return "template " + wanted.name() + " resolved to local template " + chosen.template().name() + " (" + what + ")";
    }

    private ApiException unknown(String name) {
        return ApiException.badRequest("unknown template '" + name + "' (templates: " + String.join(", ", local.names())
                + "; names from other platforms resolve to the nearest of these, e.g. " + EXAMPLES + ")");
    }

    /** The host's distribution, as /usr/lib/os-release names it (the sandbox sees the host's /usr). */
    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/usr/lib/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "");
            }
        } catch (IOException | RuntimeException ignored) {
            // an unnamed distribution
        }
        return "the Linux";
    }

    private static boolean matches(String have, String want) {
        return have.equals(want) || have.startsWith(want + ".");
    }

    private static String major(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }

    private static List<Integer> parts(String version) {
        List<Integer> out = new ArrayList<>();
        if (version == null) return out;
        for (String p : version.split("\\.")) {
            try {
                out.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                break;
            }
        }
        return out;
    }

    private static int compareParts(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = Integer.compare(i < a.size() ? a.get(i) : -1, i < b.size() ? b.get(i) : -1);
            if (c != 0) return c;
        }
        return 0;
    }

    private static int commonPrefix(List<Integer> have, List<Integer> want) {
        int n = 0;
        while (n < have.size() && n < want.size() && have.get(n).equals(want.get(n))) n++;
        return n;
    }

    /** How far apart two versions are at the first part where they differ. */
    private static long distance(List<Integer> have, List<Integer> want) {
        int i = commonPrefix(have, want);
        if (i >= have.size() || i >= want.size()) return 0;
        return Math.abs((long) have.get(i) - want.get(i));
    }
}
