package dev.sandbench.engine.git;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.SandboxPaths;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Git, run as {@code git} inside the sandbox (the sandbox's own binary, user and files), so it
 * sees exactly what a command the agent runs would see. The MCP git tools and the REST git
 * routes both go through here.
 */
public final class Git {
    private static final long TIMEOUT_MS = 120_000;

    private final SandboxService sandboxes;
    private final ExecService exec;

    public Git(SandboxService sandboxes, ExecService exec) {
        this.sandboxes = sandboxes;
        this.exec = exec;
    }

    /** A directory of a running sandbox to run git in (a 404 or 409 when the sandbox is not there or not running). */
    public Repo open(Principal p, String sandboxId, String dir) {
        RunningSandbox s = sandboxes.running(p, sandboxId);
        SandboxRecord record = sandboxes.get(p, sandboxId);
        Map<String, String> env = new LinkedHashMap<>(sandboxes.environment(record));
        env.put("GIT_PAGER", "cat");
        env.put("GIT_TERMINAL_PROMPT", "0");
        return new Repo(s, SandboxPaths.normalize(dir, "repo"), env, record.localTemplate());
    }

    /**
     * The {@code git diff} of a directory (unstaged changes against the index), or "" when it is
     * not inside a repository. Only git's stdout is the diff: its warnings go to stderr.
     */
    public String diff(Principal p, String sandboxId, String dir) {
        Repo r = open(p, sandboxId, dir);
        ExecResult res = r.run(List.of("diff"));
        if (res.exitCode() == 0) {
            if (res.truncated()) {
                throw ApiException.tooLarge("the diff of " + r.dir() + " is larger than the engine keeps of a command's "
                        + "output; run 'git diff > /tmp/diff.txt' through exec and download the file");
            }
            return res.stdout();
        }
        if (notARepository(res)) return "";
        throw failure(r, res);
    }

    /**
     * Whether git refused because the directory is not in a repository: most commands exit 128;
     * {@code git diff} falls back to {@code --no-index}, warns "Not a git repository" and exits 129.
     */
    public static boolean notARepository(ExecResult res) {
        return (res.exitCode() == 128 || res.exitCode() == 129)
                && res.output().toLowerCase(Locale.ROOT).contains("not a git repository");
    }

    /** A failed git command as the API reports it. */
    public static ApiException failure(Repo r, ExecResult res) {
        if (res.exitCode() == 127) {
            return ApiException.unprocessable("git is not installed in this sandbox (template '" + r.template() + "')");
        }
        if (res.error() != null) return ApiException.unprocessable(res.error());
        return ApiException.unprocessable("git failed (exit code " + res.exitCode() + "): " + res.output().strip());
    }

    /** A repository directory in a running sandbox, with the environment git runs in. */
    public final class Repo {
        private final RunningSandbox sandbox;
        private final String dir;
        private final Map<String, String> env;
        private final String template;

        private Repo(RunningSandbox sandbox, String dir, Map<String, String> env, String template) {
            this.sandbox = sandbox;
            this.dir = dir;
            this.env = env;
            this.template = template;
        }

        public String dir() {
            return dir;
        }

        /** The local template of the sandbox (for messages such as "git is not installed"). */
        public String template() {
            return template;
        }

        public RunningSandbox sandbox() {
            return sandbox;
        }

        /** Runs {@code git -C dir args...} and waits for it. */
        public ExecResult run(List<String> args) {
            List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "git", "-C", dir));
            argv.addAll(args);
            return exec.run(sandbox, argv, env, dir, null, TIMEOUT_MS);
        }
    }
}
