package dev.sandbench.engine.runtime;

import java.util.List;
import java.util.Map;

/**
 * A process to start inside a running sandbox.
 *
 * @param argv     program and arguments, resolved inside the sandbox
 * @param env      the complete environment the process sees (nothing from the host)
 * @param cwd      working directory inside the sandbox
 * @param limited  whether the process counts against the sandbox's cgroup limits (user
 *                 commands do; the engine's own short file helpers do not, so a sandbox at its
 *                 pids limit can still be inspected)
 */
public record SandboxProcessSpec(List<String> argv, Map<String, String> env, String cwd, boolean limited) {}
