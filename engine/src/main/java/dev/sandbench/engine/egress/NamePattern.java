package dev.sandbench.engine.egress;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A DNS name rule: {@code pypi.org} matches that name only, {@code *.pypi.org} every name below
 * pypi.org (not pypi.org itself), as in TLS certificates.
 */
public record NamePattern(String suffix, boolean wildcard) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    /** The rule {@code text} names, or null if it is no valid name. */
    public static NamePattern parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith(".")) t = t.substring(0, t.length() - 1);
        boolean wild = t.startsWith("*.");
        if (wild) t = t.substring(2);
        if (t.isEmpty() || t.length() > 253) return null;
        for (String label : t.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) return null;
        }
        return new NamePattern(t, wild);
    }

    /** Whether a queried name (any case, trailing dot or not) falls under this rule. */
    public boolean matches(String name) {
        String n = normalise(name);
        return wildcard ? n.endsWith("." + suffix) : n.equals(suffix);
    }

    static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    @Override
    public String toString() {
        return wildcard ? "*." + suffix : suffix;
    }
}
