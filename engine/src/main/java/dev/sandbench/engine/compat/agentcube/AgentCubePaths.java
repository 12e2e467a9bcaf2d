package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.files.SandboxPaths;

import java.util.ArrayList;
import java.util.List;

/**
 * Where AgentCube's paths land. Its quick starts mix relative paths (the SDK's own script files),
 * absolute ones meant literally ({@code /workspace/data.csv} read back by Python code,
 * {@code /tmp/value.txt}) and downloads whose leading slash the SDK strips
 * ({@code api/files/workspace/summary.csv}). One mapping makes them all agree, with the workspace
 * W = /workspace as the commands' working directory:
 * <ul>
 *   <li>a relative path is W/path;</li>
 *   <li>an absolute path in a directory the sandbox can write (/workspace, /tmp, /home/user) is
 *       itself; any other absolute path is W + path, as PicoD confines every path to its workspace;</li>
 *   <li>for reads only, a relative path missing under W whose first name is one of those
 *       directories' ({@code workspace/...}, {@code tmp/...}) is also tried as /path.</li>
 * </ul>
 * '..' is refused, never resolved.
 */
final class AgentCubePaths {
    static final String W = SandboxPaths.WORKSPACE;
    private static final List<String> WRITABLE = List.of("/workspace", "/tmp", "/home/user");

    private AgentCubePaths() {}

    /** The sandbox path a write (or a working directory) goes to. */
    static String write(String raw) {
        if (raw != null && raw.startsWith("/")) {
            String p = SandboxPaths.normalize(raw, "path");
            for (String root : WRITABLE) {
                if (p.equals(root) || p.startsWith(root + "/")) return p;
            }
            return SandboxPaths.normalize(W + p, "path");
        }
        return SandboxPaths.normalize(W + "/" + (raw == null ? "" : raw), "path");
    }

    /** The sandbox paths a read tries, in order. */
    static List<String> read(String raw) {
        List<String> out = new ArrayList<>(List.of(write(raw)));
        if (raw != null && !raw.startsWith("/")) {
            String literal = SandboxPaths.normalize("/" + raw, "path");
            for (String root : WRITABLE) {
                if ((literal.equals(root) || literal.startsWith(root + "/")) && !out.contains(literal)) out.add(literal);
            }
        }
        return out;
    }

    /** As PicoD reports a path: relative to the workspace when inside it, else absolute. */
    static String shown(String sandboxPath) {
        if (sandboxPath.equals(W)) return ".";
        return sandboxPath.startsWith(W + "/") ? sandboxPath.substring(W.length() + 1) : sandboxPath;
    }
}
