package dev.sandbench.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prompts that help a model start working in a sandbox with these tools. */
final class McpPrompts {

    private record Argument(String name, String description, boolean required) {}

    private record Prompt(String name, String title, String description, List<Argument> arguments) {}

    private static final List<Prompt> PROMPTS = List.of(
            new Prompt("get_started", "Work in this sandbox",
                    "Orients a model in the sandbox: where files live, which tools to use, and how to work safely.",
                    List.of(new Argument("task", "What you want done in the sandbox.", false))),
            new Prompt("fix_failing_tests", "Fix failing tests",
                    "Runs the tests, finds the cause of each failure, fixes it, and commits when they pass.",
                    List.of(new Argument("test_command", "The command that runs the tests, e.g. 'pytest -q'.", true),
                            new Argument("scope", "Only look at this part of the project (a path or a test name).", false))));

    List<Map<String, Object>> list() {
        return PROMPTS.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("title", p.title());
            m.put("description", p.description());
            m.put("arguments", p.arguments().stream().map(a -> Map.of("name", a.name(), "description", a.description(),
                    "required", a.required())).toList());
            return m;
        }).toList();
    }

    /** The {@code prompts/get} result for a prompt and its arguments. */
    Map<String, Object> get(String name, JsonNode arguments) {
        Prompt prompt = PROMPTS.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                McpException.invalidParams("unknown prompt '" + name + "'; prompts: get_started, fix_failing_tests"));
        Map<String, String> args = new LinkedHashMap<>();
        if (arguments != null && arguments.isObject()) {
            arguments.fields().forEachRemaining(e -> args.put(e.getKey(), e.getValue().asText()));
        }
        for (Argument a : prompt.arguments()) {
            if (a.required() && (args.get(a.name()) == null || args.get(a.name()).isBlank())) {
                throw McpException.invalidParams("prompt " + name + " needs the argument '" + a.name() + "'");
            }
        }
        String text = switch (name) {
            case "get_started" -> getStarted(args.get("task"));
            case "fix_failing_tests" -> fixTests(args.get("test_command"), args.get("scope"));
            default -> throw new IllegalStateException(name);
        };
        return Map.of("description", prompt.description(),
                "messages", List.of(Map.of("role", "user", "content", Map.of("type", "text", "text", text))));
    }

    private static String getStarted(String task) {
        return """
                You are working in a Sandbench sandbox: an isolated Linux machine that is yours to change.
                The project lives in /workspace (also the default directory); /home/user and /tmp are writable too.
                Nothing you do here affects the user's computer.

                How to work:
                1. Look around first: list_directory, then read_file on README, build files and the code you need.
                   search_files finds code by name or content.
                2. Before a risky change, take a snapshot with create_snapshot; restore_snapshot undoes everything since.
                3. Change files with write_file (whole content) and check the result with run_command
                   (builds, tests, linters) or run_code for quick experiments.
                4. If /workspace is a git repository, git_status and git_diff show what you changed;
                   git_commit records it with a clear message.
                Keep answers short and say what you changed and how you checked it.
                """ + (task == null || task.isBlank() ? "" : "\nYour task: " + task + "\n");
    }

    private static String fixTests(String command, String scope) {
        return """
                The tests of the project in /workspace fail. Make them pass without weakening them.

                1. Run the tests with run_command: %s%s
                2. For each failure, read the failing test and the code it exercises (read_file, search_files).
                   Find the cause before changing anything.
                3. Take a snapshot (create_snapshot) before your first change.
                4. Fix the code, not the test, unless the test itself is wrong; then say why.
                5. Run the tests again until they pass, then git_diff to review and git_commit with a message that
                   says what was broken.
                """.formatted(command, scope == null || scope.isBlank() ? "" : "\n   Only look at: " + scope);
    }
}
