package dev.sandbench.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One example run as a user runs it: a child process in the example's directory, its output kept
 * in target/example-runs for the report, and the lines it ends with (where to look, what it
 * reported) parsed.
 */
record ExampleRun(String name, List<String> command, int exitCode, String stdout, String stderr) {
    private static final Pattern WHERE = Pattern.compile(
            "Open the workbench, select sandbox (sbx_\\w+)(?: \\(name ([^)]+)\\))?, Sessions tab, double-click session (\\S+)");
    private static final Pattern REPORTED = Pattern.compile(
            "Reported (\\d+) LLM calls \\((\\d+) tokens in, (\\d+) out, \\$([0-9.]+)\\) and (\\d+) tool calls in session (\\S+)\\.");

    /** Runs {@code command} in {@code dir} with the environment changed by {@code env} (a null value removes a variable). */
    static ExampleRun of(String name, Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        Path logs = Files.createDirectories(Path.of("target", "example-runs"));
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()));
        // Whatever the machine has set must not stand in for what the test passes.
        pb.environment().remove("SANDBENCH_URL");
        pb.environment().remove("SANDBENCH_KEY");
        pb.environment().put("npm_config_update_notifier", "false");
        pb.environment().put("npm_config_fund", "false");
        pb.environment().put("npm_config_audit", "false");
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not finish within " + timeoutSeconds + " s: " + String.join(" ", command)
                    + "\nstdout:\n" + Files.readString(out, StandardCharsets.UTF_8) + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new ExampleRun(name, command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static File devNull() {
        return new File("/dev/null");
    }

    /** What a failed assertion shows: the command and everything it printed. */
    String report() {
        return "`" + String.join(" ", command) + "` exited " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
    }

    /** The sandbox and session from the "Open the workbench, select sandbox …" line. */
    Where where() {
        Matcher m = WHERE.matcher(stdout);
        if (!m.find()) throw new AssertionError("no \"Open the workbench, select sandbox …\" line in the output of " + report());
        return new Where(m.group(1), m.group(2), m.group(3));
    }

    /** What the example says it reported: LLM calls, their tokens and cost, tool calls, and the session. */
    Reported reported() {
        Matcher m = REPORTED.matcher(stdout);
        if (!m.find()) throw new AssertionError("no \"Reported N LLM calls …\" line in the output of " + report());
        return new Reported(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Double.parseDouble(m.group(4)), Integer.parseInt(m.group(5)), m.group(6));
    }

    record Where(String sandboxId, String sandboxName, String sessionId) {}

    record Reported(int llmCalls, long tokensIn, long tokensOut, double costUsd, int toolCalls, String sessionId) {}

    /** A program on the PATH, or null. */
    static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
