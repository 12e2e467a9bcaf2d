package dev.sandbench.engine.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a sandbox's own memory pressure off its init (docs/decisions/0015). The init and the bwrap
 * processes above it (whose end the engine takes for the sandbox's end) live outside the memory
 * cgroup that limits the sandbox ({@link SandboxCgroup#initProcsFiles()}), so that cgroup's OOM
 * killer cannot pick them whatever fills it. What the init forks would inherit its cgroup, so on
 * such hosts the runner holds each command before exec until the engine has moved it into the
 * sandbox's cgroups ({@link #admit}). Every command also gets an OOM score of {@link #COMMAND}, the
 * kernel's first choice should the host itself run out of memory; the init is exempt from that
 * where the engine holds CAP_SYS_RESOURCE (a root engine on most hosts, not in every VM or
 * container), which also makes a command's score a floor it cannot lower.
 */
final class InitGuard {
    private static final Logger LOG = LoggerFactory.getLogger(InitGuard.class);
    /** Every sandbox command's OOM score. */
    static final int COMMAND = 500;
    private static final int EXEMPT = -1000;

    private InitGuard() {}

    /** Exempts bwrap and everything below it (the chain down to the init: no command runs yet), where allowed. */
    static void exemptInit(long bwrapPid, long initPid) {
        List<Long> chain = new ArrayList<>(List.of(bwrapPid));
        ProcessHandle.of(bwrapPid).ifPresent(h -> h.descendants().forEach(d -> chain.add(d.pid())));
        if (!chain.contains(initPid)) chain.add(initPid);
        for (long pid : chain) {
            try {
                writeScore(pid, EXEMPT);
            } catch (IOException e) {
                LOG.debug("the sandbox's init keeps its OOM score (no CAP_SYS_RESOURCE): {}", e.getMessage());
                return;
            }
        }
    }

    /**
     * Moves the init's child {@code nsPid} (as the sandbox's pid namespace numbers it) into the
     * sandbox's cgroups and gives it its OOM score; false when it cannot be found or moved.
     */
    static boolean admit(long initPid, long nsPid, SandboxCgroup cgroup) {
        Long host = childByNamespacePid(initPid, nsPid);
        if (host == null || !cgroup.admit(host)) return false;
        try {
            writeScore(host, COMMAND);
        } catch (IOException e) {
            // raising a score needs no privilege; the process ended meanwhile
        }
        return true;
    }

    private static Long childByNamespacePid(long initPid, long nsPid) {
        try {
            String children = Files.readString(Path.of("/proc", Long.toString(initPid), "task", Long.toString(initPid), "children"));
            for (String c : children.trim().split("\\s+")) {
                if (c.isEmpty()) continue;
                for (String line : Files.readAllLines(Path.of("/proc", c, "status"))) {
                    if (line.startsWith("NSpid:")) {
                        String[] f = line.trim().split("\\s+");
                        if (Long.parseLong(f[f.length - 1]) == nsPid) return Long.parseLong(c);
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the init or the child ended
        }
        return null;
    }

    private static void writeScore(long pid, int score) throws IOException {
        Files.writeString(Path.of("/proc", Long.toString(pid), "oom_score_adj"), Integer.toString(score));
    }
}
