package dev.sandbench.app.editor;

import java.util.List;
import java.util.Locale;

/**
 * The languages the editor knows: how to recognise a file, which words are keywords, and how the
 * engine runs it ({@code codeLanguage} for the code API; {@code streamCommand} reads the program
 * from standard input so its output can stream).
 */
public enum Language {
    PYTHON("Python", List.of("py", "pyw"), "python", "python3 -u -", "#",
            "False None True and as assert async await break class continue def del elif else except finally for from "
                    + "global if import in is lambda nonlocal not or pass raise return try while with yield match case self"),
    JAVASCRIPT("JavaScript", List.of("js", "mjs", "cjs", "jsx"), "javascript", "node -", "//",
            "await break case catch class const continue debugger default delete do else export extends false finally for "
                    + "function if import in instanceof let new null return static super switch this throw true try typeof "
                    + "undefined var void while with yield async of"),
    TYPESCRIPT("TypeScript", List.of("ts", "tsx", "mts"), "typescript", null, "//",
            "abstract any as async await boolean break case catch class const constructor continue declare default delete do "
                    + "else enum export extends false finally for from function if implements import in instanceof interface "
                    + "keyof let module namespace never new null number object private protected public readonly return "
                    + "static string super switch this throw true try type typeof undefined unknown var void while"),
    SHELL("Shell", List.of("sh", "bash", "zsh"), "bash", "bash -s", "#",
            "if then else elif fi case esac for while until do done in function return local export readonly declare "
                    + "set unset shift exit break continue echo printf cd source trap"),
    JSON("JSON", List.of("json", "jsonl", "ipynb"), null, null, null, "true false null"),
    YAML("YAML", List.of("yaml", "yml"), null, null, "#", "true false null yes no on off"),
    MARKDOWN("Markdown", List.of("md", "markdown"), null, null, null, ""),
    GO("Go", List.of("go"), "go", null, "//",
            "break case chan const continue default defer else fallthrough for func go goto if import interface map "
                    + "package range return select struct switch type var nil true false iota"),
    RUBY("Ruby", List.of("rb", "rake"), "ruby", "ruby -", "#",
            "BEGIN END alias and begin break case class def defined? do else elsif end ensure false for if in module next "
                    + "nil not or redo rescue retry return self super then true undef unless until when while yield puts require"),
    JAVA("Java", List.of("java"), null, null, "//",
            "abstract assert boolean break byte case catch char class const continue default do double else enum extends "
                    + "final finally float for goto if implements import instanceof int interface long native new package "
                    + "private protected public record return short static strictfp super switch synchronized this throw "
                    + "throws transient try var void volatile while true false null sealed permits yield"),
    PLAIN("Plain text", List.of("txt", "log", "csv"), null, null, null, "");

    private final String title;
    private final List<String> extensions;
    private final String codeLanguage;
    private final String streamCommand;
    private final String lineComment;
    private final List<String> keywords;

    Language(String title, List<String> extensions, String codeLanguage, String streamCommand, String lineComment, String keywords) {
        this.title = title;
        this.extensions = extensions;
        this.codeLanguage = codeLanguage;
        this.streamCommand = streamCommand;
        this.lineComment = lineComment;
        this.keywords = keywords.isBlank() ? List.of() : List.of(keywords.split(" "));
    }

    public static Language forPath(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.equals("dockerfile") || name.equals("makefile")) return SHELL;
        int dot = name.lastIndexOf('.');
        if (dot < 0) return PLAIN;
        String ext = name.substring(dot + 1);
        for (Language l : values()) if (l.extensions.contains(ext)) return l;
        return PLAIN;
    }

    public String title() { return title; }
    public String defaultExtension() { return extensions.get(0); }
    /** The code API's language name, or null when the engine cannot run it. */
    public String codeLanguage() { return codeLanguage; }
    /** A command that runs a program read from stdin (so output streams), or null. */
    public String streamCommand() { return streamCommand; }
    public String lineComment() { return lineComment; }
    public List<String> keywords() { return keywords; }
    public boolean runnable() { return codeLanguage != null; }
    /** Languages whose interpreter can stay alive between runs (the engine keeps python and javascript). */
    public boolean persistable() { return this == PYTHON || this == JAVASCRIPT; }

    @Override
    public String toString() {
        return title;
    }
}
