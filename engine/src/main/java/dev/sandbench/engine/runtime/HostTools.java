package dev.sandbench.engine.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The host programs the bubblewrap runtime needs, found once at start. */
public record HostTools(Path bwrap, Path nsenter, Path setpriv, Path setsid, Path sh, Path env, Optional<Path> slirp4netns,
                        List<String> problems) {

    private static final List<String> SEARCH = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin");

    public static HostTools find() {
        List<String> problems = new ArrayList<>();
        Path bwrap = require("bwrap", "install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; "
                + "Fedora: sudo dnf install bubblewrap)", problems);
        Path nsenter = require("nsenter", "install util-linux (it provides nsenter)", problems);
        Path setpriv = require("setpriv", "install util-linux (it provides setpriv)", problems);
        Path setsid = require("setsid", "install util-linux (it provides setsid, for terminals)", problems);
        Path sh = require("sh", "the host needs /bin/sh", problems);
        Path env = require("env", "install coreutils", problems);
        return new HostTools(bwrap, nsenter, setpriv, setsid, sh, env, locate("slirp4netns"), List.copyOf(problems));
    }

    /**
     * A builder for a host-side helper process with a fixed environment: nothing from the
     * engine's or a caller's environment reaches it (a BASH_ENV would be read by a host shell).
     */
    public static ProcessBuilder hostProcess(java.util.List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LC_ALL", "C");
        return pb;
    }

    public boolean usable() {
        return problems.isEmpty();
    }

    private static Path require(String name, String fix, List<String> problems) {
        Optional<Path> p = locate(name);
        if (p.isEmpty()) {
            problems.add(name + " was not found: " + fix);
            return Path.of("/usr/bin", name);
        }
        return p.get();
    }

    public static Optional<Path> locate(String name) {
        for (String dir : SEARCH) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
