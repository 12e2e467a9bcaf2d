package dev.sandbench.app.replay;

import com.fasterxml.jackson.databind.JsonNode;

/** One line about an event for the list and the timeline's tooltips, and whether it is an error. */
final class EventText {
    private EventText() {}

    static String label(String type, JsonNode d) {
        return switch (type) {
            case "llm_call" -> "LLM " + text(d, "model", "?") + " \u00b7 " + d.path("tokens_in").asLong() + " \u2192 "
                    + d.path("tokens_out").asLong() + " tokens" + cost(d);
            case "tool_call" -> "tool " + text(d, "name", "?") + (d.path("is_error").asBoolean() ? " (failed)" : "");
            case "command" -> "$ " + oneLine(text(d, "command", "")) + " \u2192 " + exit(d);
            case "code" -> text(d, "language", "code") + ": " + oneLine(text(d, "code", "")) + " \u2192 " + exit(d);
            case "file_write" -> "write " + text(d, "path", "?");
            case "file_delete" -> "delete " + text(d, "path", "?");
            case "file_mkdir" -> "mkdir " + text(d, "path", "?");
            case "file_move" -> "move " + text(d, "from", "?") + " \u2192 " + text(d, "path", "?");
            case "terminal_open" -> "terminal opened (" + d.path("cols").asInt(80) + "\u00d7" + d.path("rows").asInt(24) + ")";
            case "terminal_io" -> "terminal output (" + d.path("chunks").size() + " chunks)";
            case "terminal_close" -> "terminal closed" + (d.hasNonNull("exit_code") ? ", exit " + d.get("exit_code").asInt() : "");
            case "error" -> "error: " + oneLine(text(d, "message", text(d, "error", "")));
            case "message" -> "message: " + oneLine(text(d, "text", text(d, "content", text(d, "message", ""))));
            case "sandbox" -> "sandbox " + text(d, "status", "");
            case "snapshot" -> "snapshot " + text(d, "snapshot_id", "");
            case "limit" -> "limit hit: " + text(d, "limit", text(d, "kind", "")) + " " + oneLine(text(d, "reason", ""));
            default -> type + (d.hasNonNull("path") ? " " + d.get("path").asText() : "");
        };
    }

    /** Errors: error events, failed commands and tool calls, and anything the risk rules flagged. */
    static boolean error(String type, JsonNode d) {
        if (type.equals("error") || type.equals("limit")) return true;
        if (d.hasNonNull("error") && !d.get("error").asText().isEmpty()) return true;
        if (type.equals("tool_call") && d.path("is_error").asBoolean()) return true;
        if ((type.equals("command") || type.equals("code")) && (d.path("exit_code").asInt(0) != 0 || d.path("timed_out").asBoolean())) {
            return true;
        }
        return false;
    }

    static boolean flagged(JsonNode d) {
        return d.path("flags").isArray() && d.get("flags").size() > 0;
    }

    /** What a search matches: the label plus the event's main texts. */
    static String searchable(String type, JsonNode d, String label) {
        StringBuilder b = new StringBuilder(label);
        for (String f : new String[]{"prompt", "response", "output", "result", "message", "text"}) {
            JsonNode n = d.get(f);
            if (n != null && n.isTextual()) b.append('\n').append(n.asText(), 0, Math.min(n.asText().length(), 4000));
        }
        return b.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String exit(JsonNode d) {
        if (d.path("timed_out").asBoolean()) return "timed out";
        return "exit " + d.path("exit_code").asInt() + (d.has("duration_ms") ? " (" + d.get("duration_ms").asLong() + " ms)" : "");
    }

    private static String cost(JsonNode d) {
        return d.hasNonNull("cost_usd") ? String.format(java.util.Locale.ROOT, " \u00b7 $%.4f", d.get("cost_usd").asDouble()) : "";
    }

    static String text(JsonNode d, String field, String otherwise) {
        JsonNode n = d.get(field);
        return n == null || n.isNull() ? otherwise : n.isTextual() ? n.asText() : n.toString();
    }

    private static String oneLine(String s) {
        String t = s.strip().replace('\n', ' ');
        return t.length() > 120 ? t.substring(0, 119) + "\u2026" : t;
    }
}
