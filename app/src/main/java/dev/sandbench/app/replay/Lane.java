package dev.sandbench.app.replay;

/** The timeline's rows: one per family of events, plus one that repeats every error and flagged event. */
public enum Lane {
    LLM("LLM calls"),
    TOOL("Tool calls"),
    COMMAND("Commands"),
    FILE("File changes"),
    TERMINAL("Terminal"),
    OTHER("Lifecycle"),
    ALERT("Errors & flags");

    private final String title;

    Lane(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** The family lane of an event type (errors are also shown on {@link #ALERT}). */
    public static Lane of(String type) {
        if (type.equals("llm_call")) return LLM;
        if (type.equals("tool_call") || type.startsWith("mcp")) return TOOL;
        if (type.equals("command") || type.equals("code")) return COMMAND;
        if (type.startsWith("file_")) return FILE;
        if (type.startsWith("terminal")) return TERMINAL;
        if (type.equals("error")) return ALERT;
        return OTHER;
    }
}
