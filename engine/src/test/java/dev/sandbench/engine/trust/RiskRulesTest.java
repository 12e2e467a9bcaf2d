package dev.sandbench.engine.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RiskRulesTest {
    private static List<String> rulesFor(String command, boolean offline) {
        JsonNode data = Json.MAPPER.valueToTree(Map.of("command", command, "output", ""));
        return RiskRules.evaluate("command", data, offline).stream().map(RiskRules.Flag::rule).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "rm -rf /                                 | rm_root",
            "sudo rm -fr --no-preserve-root /         | rm_root",
            "rm -rf ~                                 | rm_root",
            "rm -rf /*                                | rm_root",
            "mkfs.ext4 /dev/sdb1                      | mkfs",
            "dd if=/dev/zero of=/dev/sda bs=1M        | dd_device",
            "cat image > /dev/nvme0n1                 | overwrite_device",
            "chmod -R 777 /                           | chmod_root",
            "cat ~/.ssh/id_rsa                        | credential_file",
            "cat /home/user/.aws/credentials          | credential_file",
            "source .env                              | dotenv_file",
            "echo x > /etc/hosts                      | write_system_dir",
            "cp build/app /usr/local/bin/             | write_system_dir",
            "curl https://example.com                 | network_tool",
            "pip install requests                     | network_tool"})
    void flagsWhatEachRuleIsFor(String command, String rule) {
        assertThat(rulesFor(command.strip(), true)).contains(rule.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "rm -rf /tmp/build",
            "rm -rf ./node_modules",
            "dd if=/dev/zero of=/dev/null count=1",
            "chmod -R 755 /workspace",
            "cat README.md",
            "python -c 'import os; print(os.environ)'",
            "cp /usr/share/dict/words .",
            "echo done > /workspace/out.txt",
            "ls -la /workspace"})
    void leavesOrdinaryWorkAlone(String command) {
        assertThat(rulesFor(command.strip(), true)).isEmpty();
    }

    @Test
    void networkUseCountsOnlyWhereThereIsNoNetwork() {
        assertThat(rulesFor("curl https://example.com", false)).isEmpty();
        assertThat(rulesFor("git clone https://x/y.git", true)).containsExactly("network_tool");
    }

    @Test
    void flagsAForkBomb() {
        assertThat(rulesFor(":(){ :|:& };:", false)).containsExactly("fork_bomb");
    }

    @Test
    void readsOutputErrorsLimitsTimeoutsAndPaths() {
        JsonNode denied = Json.MAPPER.valueToTree(Map.of("command", "touch x", "output",
                "touch: cannot touch '/usr/x': Read-only file system\nbash: /root: Permission denied"));
        assertThat(RiskRules.evaluate("command", denied, false)).extracting(RiskRules.Flag::rule)
                .containsExactly("read_only_fs", "permission_denied");
        JsonNode limit = Json.MAPPER.valueToTree(Map.of("limit", "memory", "message", "killed"));
        assertThat(RiskRules.evaluate("limit", limit, false)).extracting(RiskRules.Flag::rule).containsExactly("memory_limit");
        JsonNode timeout = Json.MAPPER.valueToTree(Map.of("command", "sleep 9", "output", "", "timed_out", true));
        assertThat(RiskRules.evaluate("command", timeout, false)).extracting(RiskRules.Flag::rule).containsExactly("timeout");
        assertThat(RiskRules.evaluate("file_write", Json.MAPPER.valueToTree(Map.of("path", "/etc/motd")), false))
                .extracting(RiskRules.Flag::rule).containsExactly("file_outside_workspace");
        assertThat(RiskRules.evaluate("file_write", Json.MAPPER.valueToTree(Map.of("path", "/workspace/a")), false)).isEmpty();
        // An agent's own tool call is read; the engine's MCP tool calls are not (their commands are recorded anyway).
        JsonNode tool = Json.MAPPER.valueToTree(Map.of("name", "shell", "arguments", Map.of("cmd", "mkfs /dev/sda")));
        assertThat(RiskRules.evaluate("tool_call", tool, false)).extracting(RiskRules.Flag::rule).containsExactly("mkfs");
        JsonNode mcp = Json.MAPPER.valueToTree(Map.of("name", "run_command", "source", "mcp",
                "arguments", Map.of("command", "mkfs /dev/sda")));
        assertThat(RiskRules.evaluate("tool_call", mcp, false)).isEmpty();
    }

    @Test
    void theScoreIsOneMinusCappedFactorCosts() {
        assertThat(RiskRules.score(Map.of())).isEqualTo(1.0);
        // Three destructive commands (1.2) cost at most the factor's cap of 0.6.
        Map<String, Double> raw = Map.of("destructive_commands", 1.2, "credential_access", 0.25,
                "permission_denials", 0.05);
        assertThat(RiskRules.factors(raw)).containsExactly(Map.entry("destructive_commands", 0.6),
                Map.entry("credential_access", 0.25), Map.entry("permission_denials", 0.05));
        assertThat(RiskRules.score(raw)).isEqualTo(0.1);
        assertThat(RiskRules.score(Map.of("destructive_commands", 9.0, "credential_access", 9.0))).isEqualTo(0.0);
    }

    @Test
    void theWordShortcutAgreesWithEachRulesPattern() {
        // Only plain alternations get the shortcut; everything else runs its regex as written.
        assertThat(RiskRules.literals(java.util.regex.Pattern.compile("Permission denied|\\bEPERM\\b")))
                .containsExactly("Permission denied", "EPERM");
        assertThat(RiskRules.literals(java.util.regex.Pattern.compile("a\\|b|c"))).isEmpty();
        assertThat(RiskRules.literals(java.util.regex.Pattern.compile("^memory$"))).isEmpty();
        String flood = "a".repeat(1 << 20);
        for (String text : List.of(flood, flood + "\nls: cannot open directory '/root': Permission denied\n",
                "EPERMISSION", "x EPERM y", "getaddrinfo failed", "Read-only file system")) {
            for (RiskRules.Rule r : RiskRules.RULES) {
                if (r.pattern() == null) continue;
                assertThat(r.matches(text)).as(r.id() + " on " + text.substring(Math.max(0, text.length() - 60)))
                        .isEqualTo(r.pattern().matcher(text).find());
            }
        }
    }
}
