package dev.sandbench.app.editor;

import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token colouring by regular expressions, one pattern per language: comments, strings, numbers,
 * keywords (plus keys in JSON/YAML and headings, code and emphasis in Markdown). Pure function of
 * the text, so it runs off the FX thread.
 */
public final class Highlighter {
    private static final Map<Language, Pattern> PATTERNS = new EnumMap<>(Language.class);

    private Highlighter() { }

    private static Pattern pattern(Language l) {
        return PATTERNS.computeIfAbsent(l, Highlighter::compile);
    }

    private static Pattern compile(Language l) {
        StringBuilder p = new StringBuilder();
        switch (l) {
            case MARKDOWN -> {
                p.append("(?<HEADING>(?m)^#{1,6} .*$)");
                p.append("|(?<CODE>```[\\s\\S]*?```|`[^`\\n]*`)");
                p.append("|(?<EMPH>\\*\\*[^*\\n]+\\*\\*|\\*[^*\\n]+\\*|_[^_\\n]+_)");
                p.append("|(?<LINK>\\[[^\\]\\n]*]\\([^)\\n]*\\))");
                return Pattern.compile(p.toString());
            }
            case PLAIN -> {
                return null;
            }
            default -> { }
        }
        // Comments first so a quote inside a comment is not a string.
        if (l == Language.PYTHON) p.append("(?<COMMENT>#[^\\n]*)|(?<STRING>\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*')");
        else if (l == Language.SHELL || l == Language.RUBY || l == Language.YAML) p.append("(?<COMMENT>#[^\\n]*)|(?<STRING>\"(?:\\\\.|[^\"\\\\])*\"|'[^']*')");
        else if (l == Language.JSON) p.append("(?<KEY>\"(?:\\\\.|[^\"\\\\\\n])*\"(?=\\s*:))|(?<STRING>\"(?:\\\\.|[^\"\\\\\\n])*\")");
        else p.append("(?<COMMENT>//[^\\n]*|/\\*[\\s\\S]*?\\*/)|(?<STRING>\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|`(?:\\\\.|[^`\\\\])*`)");
        if (l == Language.YAML) p.append("|(?<KEY>(?m)^\\s*[-\\w. ]+(?=\\s*:))");
        p.append("|(?<NUMBER>\\b(?:0x[0-9a-fA-F]+|\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)\\b)");
        List<String> kw = l.keywords();
        if (!kw.isEmpty()) {
            p.append("|(?<KEYWORD>\\b(?:");
            p.append(String.join("|", kw.stream().map(Pattern::quote).toList()));
            p.append(")\\b)");
        }
        if (l == Language.PYTHON || l == Language.JAVA || l == Language.TYPESCRIPT) p.append("|(?<ANNOTATION>@\\w+)");
        return Pattern.compile(p.toString());
    }

    private static final String[] GROUPS = {"COMMENT", "STRING", "KEY", "NUMBER", "KEYWORD", "ANNOTATION", "HEADING", "CODE", "EMPH", "LINK"};

    /** Style classes (for example {@code keyword}, {@code string}) over the whole text. */
    public static StyleSpans<Collection<String>> styles(Language language, String text) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        Pattern p = pattern(language);
        if (p == null) {
            b.add(Collections.emptyList(), text.length());
            return b.create();
        }
        Matcher m = p.matcher(text);
        int last = 0;
        while (m.find()) {
            String cls = null;
            for (String g : GROUPS) {
                try {
                    if (m.group(g) != null) {
                        cls = g.toLowerCase(java.util.Locale.ROOT);
                        break;
                    }
                } catch (IllegalArgumentException absent) {
                    // this language's pattern has no such group
                }
            }
            b.add(Collections.emptyList(), m.start() - last);
            b.add(cls == null ? Collections.emptyList() : List.of(cls), m.end() - m.start());
            last = m.end();
        }
        b.add(Collections.emptyList(), text.length() - last);
        return b.create();
    }
}
