package dev.sandbench.engine.compat;

import dev.sandbench.engine.api.ApiException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An argv as one line for the engine's shell, meaning exactly that argv: every word quoted where
 * it needs it and the line run with {@code exec}, so the program is found on PATH and gets its
 * arguments as given, with no shell function, alias or expansion in between (as a direct exec
 * would), and its exit code is the answer's. The engine's exec runs and records commands as
 * lines; the SDKs that send argv (Cloud Sandbox, AgentCube) go through here.
 */
public final class ShellWords {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private ShellWords() {}

    /** The line that runs {@code argv}; a 400 naming {@code field} when it is empty or has NUL bytes. */
    public static String execLine(List<String> argv, String field) {
        if (argv == null || argv.isEmpty() || argv.get(0) == null || argv.get(0).isEmpty()) {
            throw ApiException.badRequest("'" + field + "' must be a non-empty array of strings (the program first)");
        }
        StringBuilder line = new StringBuilder("exec --");
        for (String word : argv) {
            if (word == null) throw ApiException.badRequest("'" + field + "' must not contain null");
            if (word.indexOf('\0') >= 0) throw ApiException.badRequest("'" + field + "' must not contain NUL bytes");
            line.append(' ').append(quote(word));
        }
        return line.toString();
    }

    /** One word as the shell reads it back unchanged (Python's shlex.quote). */
    public static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
