package dev.sandbench.engine.mcp;

import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.files.SandboxPaths;
import dev.sandbench.engine.git.Git;

import java.util.ArrayList;
import java.util.List;

import static dev.sandbench.engine.mcp.Param.Type.BOOLEAN;
import static dev.sandbench.engine.mcp.Param.Type.INTEGER;
import static dev.sandbench.engine.mcp.Param.Type.STRING;

/** The git tools: {@link Git} runs them in the sandbox, as it does for the REST git routes. */
final class GitTools {
    /** Used only when the repository has no identity of its own, so a commit never fails for want of one. */
    private static final List<String> FALLBACK_IDENTITY = List.of("-c", "user.name=Sandbench agent",
            "-c", "user.email=agent@sandbench.invalid");

    private final Git git;
    private final FileService files;

    GitTools(Git git, FileService files) {
        this.git = git;
        this.files = files;
    }

    List<Tool> tools() {
        Param repo = Param.optional("repo", STRING, "Directory of the repository (default /workspace).");
        return List.of(
                new Tool("git_status", "Git status",
                        "Show the branch and the changed, staged and untracked files of a git repository in the sandbox.",
                        List.of(repo), true, false, (c, a) -> git(c, a, "status", "--short", "--branch")),
                new Tool("git_diff", "Git diff",
                        "Show uncommitted changes as a unified diff (unstaged by default; staged=true for what the "
                                + "next commit holds). Optionally limited to one path.",
                        List.of(repo, Param.optional("staged", BOOLEAN, "Diff the staged changes (default false)."),
                                Param.optional("path", STRING, "Limit the diff to this file or directory.")),
                        true, false, this::diff),
                new Tool("git_log", "Git log",
                        "Show the most recent commits: short hash, date, author and subject.",
                        List.of(repo, Param.optional("max_count", INTEGER, "How many commits (default 10).").range(1, 200)),
                        true, false, (c, a) -> git(c, a, "log", "-n", Long.toString(a.integer("max_count", 10)),
                                "--date=short", "--pretty=format:%h %ad %an: %s")),
                new Tool("git_commit", "Git commit",
                        "Commit changes with a message. By default stages everything first (git add -A); with "
                                + "add_all=false commits only what is already staged.",
                        List.of(repo, Param.required("message", STRING, "The commit message."),
                                Param.optional("add_all", BOOLEAN, "Stage all changes, new files included, before "
                                        + "committing (default true).")),
                        false, false, this::commit));
    }

    private ToolResult diff(McpCall c, Args a) {
        List<String> args = new ArrayList<>(List.of("diff"));
        if (a.bool("staged", false)) args.add("--staged");
        if (a.string("path") != null) {
            args.add("--");
            args.add(SandboxPaths.normalize(a.string("path"), "path"));
        }
        return git(c, a, args.toArray(String[]::new));
    }

    private ToolResult commit(McpCall c, Args a) {
        Git.Repo r = repo(c, a);
        if (a.bool("add_all", true)) {
            ExecResult add = r.run(List.of("add", "-A"));
            if (add.exitCode() != 0) return failure(r, add);
        }
        boolean hasIdentity = r.run(List.of("config", "user.email")).exitCode() == 0;
        List<String> args = new ArrayList<>(hasIdentity ? List.of() : FALLBACK_IDENTITY);
        args.addAll(List.of("commit", "-q", "-m", a.string("message")));
        ExecResult res = r.run(args);
        if (res.exitCode() == 1 && (res.output().contains("nothing to commit") || res.output().contains("no changes added"))) {
            return ToolResult.ok("nothing to commit: the working tree is clean" + (a.bool("add_all", true) ? ""
                    : " or nothing is staged"));
        }
        if (res.exitCode() != 0) return failure(r, res);
        ExecResult head = r.run(List.of("log", "-1", "--pretty=format:%h %s"));
        return ToolResult.ok("committed " + head.stdout().strip());
    }

    private ToolResult git(McpCall c, Args a, String... args) {
        Git.Repo r = repo(c, a);
        ExecResult res = r.run(List.of(args));
        if (res.exitCode() == 128 && res.output().contains("does not have any commits yet")) {
            return ToolResult.ok("no commits yet");
        }
        if (res.exitCode() != 0) return failure(r, res);
        String out = res.output();
        if (out.isBlank()) return ToolResult.ok(args[0].equals("diff") ? "no changes" : "(no output)");
        return ToolResult.ok(out + (res.truncated() ? "\n[output truncated]" : ""));
    }

    private ToolResult failure(Git.Repo r, ExecResult res) {
        String out = res.output().strip();
        if (res.exitCode() == 127) {
            return ToolResult.error("git is not installed in this sandbox (template '" + r.template() + "')");
        }
        if (Git.notARepository(res)) {
            return ToolResult.error(r.dir() + " is not a git repository; create one with run_command 'git init'");
        }
        if (res.error() != null) return ToolResult.error(res.error());
        return ToolResult.error("git failed (exit code " + res.exitCode() + "): " + out);
    }

    private Git.Repo repo(McpCall c, Args a) {
        String dir = SandboxPaths.normalize(a.string("repo", SandboxPaths.WORKSPACE), "repo");
        Git.Repo r = git.open(c.principal(), c.sandboxId(), dir);
        if (!files.stat(r.sandbox(), dir).type().equals("dir")) throw McpException.invalidParams("repo " + dir + " is not a directory");
        return r;
    }
}
