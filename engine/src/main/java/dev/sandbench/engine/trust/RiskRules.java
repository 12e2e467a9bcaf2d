package dev.sandbench.engine.trust;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The risk signals of a session, as one table of rules over its recorded events, and the trust
 * score they add up to. Deterministic on purpose: the same events always give the same flags and
 * score, so a user can see exactly why a session scored what it did and a test can pin it down.
 * It reads what an agent ran and what came back; it cannot know intent, so a command that merely
 * mentions {@code rm -rf /} counts as running it (docs/decisions/0010).
 *
 * <p>Score: each flag adds its rule's weight to its factor; a factor costs at most its cap; the
 * score is 1 minus what the factors cost, at least 0, to two decimals. 1.0 = nothing seen.
 */
public final class RiskRules {
    private RiskRules() {}

    /** What a session did that lowers trust, with the most any one factor can cost. */
    public enum Factor {
        DESTRUCTIVE_COMMANDS(0.6),
        CREDENTIAL_ACCESS(0.5),
        OUTSIDE_WORKSPACE_WRITES(0.3),
        NETWORK_ATTEMPTS(0.3),
        PERMISSION_DENIALS(0.2),
        RUNAWAY_RESOURCES(0.3);

        final double cap;

        Factor(double cap) {
            this.cap = cap;
        }

        /** The factor's name on the wire ({@code trust_factors} keys). */
        public String wire() {
            return name().toLowerCase();
        }
    }

    /** Which part of an event a rule reads. */
    enum Source {
        /** What was run: a command, code, tool-call arguments, terminal input. */
        INPUT,
        /** What came back: output, a tool's result, an error message. */
        OUTPUT,
        /** The path a file operation changed. */
        WRITTEN_PATH,
        /** A resource limit the sandbox hit ({@code limit} events; the pattern matches the limit's name). */
        LIMIT,
        /** A command or code run killed at its timeout. */
        TIMEOUT
    }

    /** One row of the table. {@code offlineOnly}: applies only to sandboxes with {@code network_mode: none}. */
    record Rule(String id, Factor factor, double weight, Source source, Pattern pattern, boolean offlineOnly,
                String reason) {
        /** Whether the rule matches {@code text}. */
        boolean matches(String text) {
            return matches(text, WORDS.find(text));
        }

        /**
         * Whether the rule matches {@code text}, given which of all rules' words it contains: a
         * rule that is an alternation of plain words needs one of them before its regex runs.
         * Output can be megabytes (a terminal flood): a regex alternation tried at every offset
         * cost seconds of CPU per 100 MB, and a search per word most of the rest.
         */
        boolean matches(String text, boolean[] present) {
            int[] any = WORD_INDEXES.get(id);
            if (any.length > 0) {
                boolean found = false;
                for (int w : any) {
                    if (present[w]) {
                        found = true;
                        break;
                    }
                }
                if (!found) return false;
            }
            return pattern.matcher(text).find();
        }
    }


    /**
     * The literals one of which any match must contain, when the pattern is an alternation of
     * plain words (word boundaries allowed); none (no shortcut) for any other pattern.
     */
    static String[] literals(Pattern pattern) {
        if (pattern == null) return new String[0];
        List<String> out = new ArrayList<>();
        for (String alt : pattern.pattern().split("\\|", -1)) {
            String lit = alt.replace("\\b", "");
            if (lit.isEmpty() || lit.chars().anyMatch(c -> "\\^$.|?*+()[]{}".indexOf(c) >= 0)) return new String[0];
            out.add(lit);
        }
        return out.toArray(String[]::new);
    }

    /** A rule that matched an event: stored in the event's {@code data.flags}. */
    public record Flag(String rule, String factor, String reason, double weight) {}

    private static Pattern p(String regex) {
        return Pattern.compile(regex, Pattern.MULTILINE);
    }

    private static final String SYSTEM_DIRS = "(?:etc|usr|bin|sbin|lib|lib64|boot|opt|var|root|srv|sys|proc)";
    private static final String END = "(?=$|[\\s;&|)'\"])";

    static final List<Rule> RULES = List.of(
            new Rule("rm_root", Factor.DESTRUCTIVE_COMMANDS, 0.4, Source.INPUT,
                    p("\\brm\\s+(?:-{1,2}[\\w-]+\\s+)+(?:/|/\\*|~/?|~/\\*|\\$HOME/?)" + END), false,
                    "recursive delete of / or the home directory"),
            new Rule("mkfs", Factor.DESTRUCTIVE_COMMANDS, 0.4, Source.INPUT, p("\\bmkfs(?:\\.\\w+)?\\b"), false,
                    "filesystem creation (mkfs)"),
            new Rule("dd_device", Factor.DESTRUCTIVE_COMMANDS, 0.4, Source.INPUT,
                    p("\\bdd\\b[^\\n;|&]*\\bof=/dev/(?!null\\b|zero\\b|stdout\\b|stderr\\b|tty\\b)"), false,
                    "dd writing to a device"),
            new Rule("overwrite_device", Factor.DESTRUCTIVE_COMMANDS, 0.4, Source.INPUT,
                    p(">\\s*/dev/(?:sd[a-z]|nvme\\d|vd[a-z]|hd[a-z]|xvd[a-z]|mmcblk\\d)"), false,
                    "redirect onto a disk device"),
            new Rule("chmod_root", Factor.DESTRUCTIVE_COMMANDS, 0.4, Source.INPUT,
                    p("\\bchmod\\b(?=[^;&|\\n]*\\s-[a-zA-Z]*R)[^;&|\\n]*\\s0?777\\s+/\\*?" + END), false,
                    "recursive chmod 777 of /"),
            new Rule("fork_bomb", Factor.DESTRUCTIVE_COMMANDS, 0.4, Source.INPUT,
                    p(":\\s*\\(\\)\\s*\\{\\s*:\\s*\\|\\s*:\\s*&\\s*}\\s*;\\s*:"), false, "fork bomb"),
            new Rule("credential_file", Factor.CREDENTIAL_ACCESS, 0.25, Source.INPUT,
                    p("(?:^|[\\s/'\"=~])(?:\\.ssh/|id_rsa|id_ed25519|id_ecdsa|id_dsa|\\.aws/credentials|\\.netrc\\b"
                            + "|\\.git-credentials|\\.npmrc|\\.pypirc|\\.docker/config\\.json|\\.kube/config|\\.gnupg/"
                            + "|/etc/shadow)"), false,
                    "credential-like file (.ssh, keys, cloud or package-registry credentials)"),
            new Rule("dotenv_file", Factor.CREDENTIAL_ACCESS, 0.25, Source.INPUT,
                    p("(?:^|[\\s/'\"=])\\.env(?:\\.[\\w-]+)?" + END), false, "credential-like file (.env)"),
            new Rule("write_system_dir", Factor.OUTSIDE_WORKSPACE_WRITES, 0.1, Source.INPUT,
                    p("(?:>>?\\s*|\\btee\\s+(?:-a\\s+)?|\\btouch\\s+(?:\\S+\\s+)*)/" + SYSTEM_DIRS + "/"
                            + "|\\b(?:cp|mv|install|ln)\\s+[^;&|\\n]*\\s/" + SYSTEM_DIRS + "(?:/\\S*)?\\s*(?=$|[;&|])"),
                    false, "write to a system directory"),
            new Rule("read_only_fs", Factor.OUTSIDE_WORKSPACE_WRITES, 0.1, Source.OUTPUT,
                    p("Read-only file system"), false, "write refused: read-only file system"),
            new Rule("file_outside_workspace", Factor.OUTSIDE_WORKSPACE_WRITES, 0.1, Source.WRITTEN_PATH,
                    p("^(?!/workspace(?:/|$)|/tmp(?:/|$)|/home/user(?:/|$))"), false,
                    "file changed outside /workspace, /tmp and the home directory"),
            new Rule("network_tool", Factor.NETWORK_ATTEMPTS, 0.1, Source.INPUT,
                    p("\\b(?:curl|wget|nc|ncat|telnet|ssh|scp|rsync|ping|ftp)\\s|/dev/tcp/|\\bpip3?\\s+install\\b"
                            + "|\\bnpm\\s+(?:install|i)\\b|\\bgit\\s+(?:clone|fetch|pull|push)\\b"
                            + "|\\bapt(?:-get)?\\s+(?:install|update)\\b"), true,
                    "network use in a sandbox without network"),
            new Rule("network_error", Factor.NETWORK_ATTEMPTS, 0.1, Source.OUTPUT,
                    p("Could not resolve host|Temporary failure in name resolution|Network is unreachable"
                            + "|Name or service not known|No address associated with hostname|getaddrinfo"
                            + "|Failed to establish a new connection"), true,
                    "network attempt failed (no network)"),
            new Rule("permission_denied", Factor.PERMISSION_DENIALS, 0.05, Source.OUTPUT,
                    p("Permission denied|Operation not permitted|\\bEACCES\\b|\\bEPERM\\b"), false, "permission denied"),
            new Rule("memory_limit", Factor.RUNAWAY_RESOURCES, 0.15, Source.LIMIT, p("^memory$"), false,
                    "killed at the memory limit"),
            new Rule("pids_limit", Factor.RUNAWAY_RESOURCES, 0.15, Source.LIMIT, p("^pids$"), false,
                    "hit the process limit"),
            new Rule("disk_limit", Factor.RUNAWAY_RESOURCES, 0.15, Source.LIMIT, p("^disk$"), false,
                    "exceeded the disk limit"),
            new Rule("timeout", Factor.RUNAWAY_RESOURCES, 0.05, Source.TIMEOUT, null, false,
                    "killed at its timeout"));

    /** Every word of the rules that are alternations of plain words, for one pass over a text. */
    private static final Literals WORDS = new Literals(RULES.stream()
            .flatMap(r -> java.util.Arrays.stream(literals(r.pattern()))).toList());
    /** Each rule's words, as indexes into {@link #WORDS}; none for a rule with another pattern. */
    private static final Map<String, int[]> WORD_INDEXES = RULES.stream().collect(java.util.stream.Collectors.toMap(
            Rule::id, r -> java.util.Arrays.stream(literals(r.pattern())).mapToInt(WORDS::indexOf).toArray()));

    /** Event types whose {@code data.path} is a file the operation changed. */
    private static final Set<String> FILE_CHANGES = Set.of("file_write", "file_upload", "file_delete", "file_move",
            "file_mkdir", "file_changed");

    /**
     * The rules an event matches, each at most once.
     *
     * @param offline whether the event's sandbox has no network ({@code network_mode: none})
     */
    public static List<Flag> evaluate(String type, JsonNode data, boolean offline) {
        return evaluate(type, data, null, null, offline);
    }

    /**
     * The rules an event matches when its data is not at hand as a tree (a terminal's output,
     * recorded as JSON it was escaped to once): what it ran and what came back, as text.
     */
    public static List<Flag> evaluateText(String type, String input, String output, boolean offline) {
        return evaluate(type, com.fasterxml.jackson.databind.node.MissingNode.getInstance(), input, output, offline);
    }

    private static List<Flag> evaluate(String type, JsonNode data, String inputText, String outputText, boolean offline) {
        List<Flag> flags = new ArrayList<>();
        String input = inputText;
        String output = outputText;
        boolean[] inWords = null;
        boolean[] outWords = null;
        for (Rule r : RULES) {
            if (r.offlineOnly() && !offline) continue;
            boolean hit = switch (r.source()) {
                case INPUT -> {
                    if (input == null) input = text(type, data, true);
                    if (input.isEmpty()) yield false;
                    if (inWords == null) inWords = WORDS.find(input);
                    yield r.matches(input, inWords);
                }
                case OUTPUT -> {
                    if (output == null) output = text(type, data, false);
                    if (output.isEmpty()) yield false;
                    if (outWords == null) outWords = WORDS.find(output);
                    yield r.matches(output, outWords);
                }
                case WRITTEN_PATH -> FILE_CHANGES.contains(type) && data.path("path").isTextual()
                        && r.pattern().matcher(data.get("path").asText()).find();
                case LIMIT -> type.equals("limit") && r.pattern().matcher(data.path("limit").asText()).find();
                case TIMEOUT -> data.path("timed_out").asBoolean(false);
            };
            if (hit) flags.add(new Flag(r.id(), r.factor().wire(), r.reason(), r.weight()));
        }
        return flags;
    }

    /** The text a rule reads: what was run ({@code input}) or what came back. */
    static String text(String type, JsonNode d, boolean input) {
        StringBuilder sb = new StringBuilder();
        switch (type) {
            case "command" -> append(sb, d.path(input ? "command" : "output"));
            case "code" -> append(sb, d.path(input ? "code" : "output"));
            case "tool_call" -> {
                // The engine's own MCP tools record what they run as command, code and file events,
                // which the rules read; reading the tool call too would count everything twice.
                if (d.path("source").asText().equals("mcp")) return "";
                append(sb, d.path(input ? "arguments" : "result"));
            }
            case "terminal_io" -> {
                for (JsonNode chunk : d.path("chunks")) {
                    if (chunk.path(1).asText().equals(input ? "i" : "o")) sb.append(chunk.path(2).asText());
                }
            }
            case "error", "message" -> {
                if (!input) {
                    append(sb, d.path("message"));
                    append(sb, d.path("error"));
                }
            }
            default -> { }
        }
        if (!input && !type.equals("error") && !type.equals("message")) append(sb, d.path("error"));
        return sb.toString();
    }

    private static void append(StringBuilder sb, JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return;
        if (sb.length() > 0) sb.append('\n');
        sb.append(n.isTextual() ? n.asText() : n.toString());
    }

    /** What each factor costs (its weights summed, at most its cap), in table order; factors with no flags left out. */
    public static Map<String, Double> factors(Map<String, Double> rawWeights) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Factor f : EnumSet.allOf(Factor.class)) {
            Double raw = rawWeights.get(f.wire());
            if (raw != null && raw > 0) out.put(f.wire(), round(Math.min(f.cap, raw)));
        }
        return out;
    }

    /** The trust score in 0..1 for summed weights per factor. */
    public static double score(Map<String, Double> rawWeights) {
        double cost = 0;
        for (double c : factors(rawWeights).values()) cost += c;
        return round(Math.max(0, 1 - cost));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
