package dev.sandbench.engine.mcp;

import dev.sandbench.engine.exec.CodeRequest;
import dev.sandbench.engine.exec.CodeResult;
import dev.sandbench.engine.exec.CodeService;
import dev.sandbench.engine.exec.ExecRequest;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;

import java.util.List;

import static dev.sandbench.engine.mcp.Param.Type.BOOLEAN;
import static dev.sandbench.engine.mcp.Param.Type.INTEGER;
import static dev.sandbench.engine.mcp.Param.Type.STRING;
import static dev.sandbench.engine.mcp.Param.Type.STRING_MAP;

/** Commands and code, through the same services as {@code /exec} and {@code /code} (so they are recorded the same way). */
final class ShellTools {
    private final ExecService exec;
    private final CodeService code;

    ShellTools(ExecService exec, CodeService code) {
        this.exec = exec;
        this.code = code;
    }

    List<Tool> tools() {
        Param timeout = Param.optional("timeout_ms", INTEGER, "Kill it after this many milliseconds (default 60000).")
                .range(1, ExecService.MAX_TIMEOUT_MS);
        return List.of(
                new Tool("run_command", "Run a shell command",
                        "Run a bash command in the sandbox (an isolated Linux machine) and return its combined "
                                + "stdout and stderr with the exit code. Starts in /workspace unless 'cwd' is given. "
                                + "Each call is a fresh shell unless 'shell_session' names a long-lived shell that keeps "
                                + "cd, exports and shell variables between calls. Long output is cut; redirect it to "
                                + "a file and read parts with read_file.",
                        List.of(Param.required("command", STRING, "The command line, e.g. 'pytest -q' or 'ls -la'."),
                                Param.optional("cwd", STRING, "Absolute working directory (default /workspace)."),
                                timeout,
                                Param.optional("env", STRING_MAP, "Extra environment variables for this command."),
                                Param.optional("shell_session", STRING, "Name of a persistent shell (letters, digits, "
                                        + "'-', '_', '.'); later calls with the same name see its state.")),
                        false, true, this::runCommand),
                // The name Caged's documentation and SDK examples call (mcp.call_tool("terminal_exec",
                // {"command": ...})); 'timeout' in seconds, as Caged's API counts time.
                new Tool("terminal_exec", "Run a terminal command",
                        "Run a bash command in the sandbox and return its combined stdout and stderr with the exit "
                                + "code; the same as run_command, under the name Caged clients use. Starts in "
                                + "/workspace unless 'cwd' is given.",
                        List.of(Param.required("command", STRING, "The command line, e.g. 'npm test'."),
                                Param.optional("timeout", INTEGER, "Kill it after this many seconds (default: the "
                                                + "engine's command timeout).")
                                        .range(1, ExecService.MAX_TIMEOUT_MS / 1000),
                                Param.optional("cwd", STRING, "Absolute working directory (default /workspace).")),
                        false, true, this::terminalExec),
                new Tool("run_code", "Run code",
                        "Run a program in a language and return its output and exit code. Languages the sandbox "
                                + "lacks answer with an error naming what is missing. With persistent=true (python "
                                + "and javascript) the code runs in one long-lived interpreter per language, so "
                                + "variables, imports and functions survive between calls, like a notebook.",
                        List.of(Param.required("language", STRING, "The language. Installed in this sandbox: "
                                        + String.join(", ", CodeService.languages().entrySet().stream()
                                        .filter(java.util.Map.Entry::getValue).map(java.util.Map.Entry::getKey).toList())
                                        + ".")
                                        .oneOf(List.copyOf(CodeService.languages().keySet())),
                                Param.required("code", STRING, "The program text."),
                                Param.optional("persistent", BOOLEAN, "Keep interpreter state between calls "
                                        + "(python and javascript only; default false)."),
                                timeout),
                        false, true, this::runCode));
    }

    private ToolResult runCommand(McpCall c, Args a) {
        return commandResult(exec.exec(c.principal(), c.sandboxId(), new ExecRequest(a.string("command"), a.string("cwd"),
                a.stringMap("env"), a.integer("timeout_ms"), null, a.string("shell_session"))));
    }

    private ToolResult terminalExec(McpCall c, Args a) {
        Long seconds = a.integer("timeout");
        return commandResult(exec.exec(c.principal(), c.sandboxId(), new ExecRequest(a.string("command"), a.string("cwd"),
                null, seconds == null ? null : seconds * 1000, null, null)));
    }

    private static ToolResult commandResult(ExecResult r) {
        String text = r.output() + (r.output().isEmpty() || r.output().endsWith("\n") ? "" : "\n")
                + "[exit code " + r.exitCode() + ", " + r.durationMs() + " ms"
                + (r.truncated() ? ", output truncated" : "") + "]"
                + (r.error() == null ? "" : "\n" + r.error());
        return new ToolResult(text, r.error() != null);
    }

    private ToolResult runCode(McpCall c, Args a) {
        CodeResult r = code.run(c.principal(), c.sandboxId(), new CodeRequest(a.string("language"), a.string("code"),
                a.bool("persistent", false), a.integer("timeout_ms"), null));
        String text = r.output() + (r.output().isEmpty() || r.output().endsWith("\n") ? "" : "\n")
                + "[" + r.language() + (r.persistent() ? ", persistent" : "") + ", exit code " + r.exitCode() + ", "
                + r.durationMs() + " ms" + (r.truncated() ? ", output truncated" : "") + "]"
                + (r.restarted() ? "\nThe interpreter was (re)started: earlier state is gone." : "")
                + (r.error() == null ? "" : "\n" + r.error());
        return new ToolResult(text, r.error() != null);
    }
}
