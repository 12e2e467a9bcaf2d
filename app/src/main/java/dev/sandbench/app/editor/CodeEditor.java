package dev.sandbench.app.editor;

import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A code area with line numbers, syntax colouring computed off the FX thread (debounced; stale
 * results dropped), bracket matching, auto-indent, a find/replace bar and go-to-line. Bound to an
 * {@link EditorDocument}'s text.
 */
public final class CodeEditor {
    private static final ExecutorService HIGHLIGHT = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sandbench-highlight");
        t.setDaemon(true);
        return t;
    });
    private static final String OPEN = "([{";
    private static final String CLOSE = ")]}";

    private final EditorDocument doc;
    private final CodeArea area = new CodeArea();
    private final BorderPane root = new BorderPane();
    private final HBox findBar = new HBox(6);
    private final TextField find = new TextField();
    private final TextField replace = new TextField();
    private final Label matches = new Label();
    private final PauseTransition debounce = new PauseTransition(Duration.millis(120));
    private long version;
    private int[] bracketMarks = new int[0];

    public CodeEditor(EditorDocument doc) {
        this.doc = doc;
        area.getStyleClass().add("code-editor");
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        area.replaceText(doc.textProperty().get());
        area.getUndoManager().forgetHistory();
        area.moveTo(0);
        area.textProperty().addListener((o, a, b) -> {
            if (!b.equals(doc.textProperty().get())) doc.textProperty().set(b);
            debounce.playFromStart();
        });
        doc.textProperty().addListener((o, a, b) -> {
            if (!b.equals(area.getText())) {
                area.replaceText(b);
            }
        });
        debounce.setOnFinished(e -> highlight());
        doc.languageProperty().addListener((o, a, b) -> highlight());
        area.caretPositionProperty().addListener((o, a, b) -> matchBracket());
        area.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
        highlight();

        buildFindBar();
        root.setCenter(new VirtualizedScrollPane<>(area));
        root.setBottom(findBar);
    }

    // --- colouring ------------------------------------------------------------------------------

    private void highlight() {
        long mine = ++version;
        String text = area.getText();
        Language lang = doc.languageProperty().get();
        HIGHLIGHT.execute(() -> {
            StyleSpans<Collection<String>> spans = Highlighter.styles(lang, text);
            javafx.application.Platform.runLater(() -> {
                // Only the latest result for the text still shown is applied.
                if (mine != version || !text.equals(area.getText())) return;
                area.setStyleSpans(0, spans);
                bracketMarks = new int[0];
                matchBracket();
            });
        });
    }

    private void matchBracket() {
        for (int p : bracketMarks) if (p < area.getLength()) setBracket(p, false);
        bracketMarks = new int[0];
        int caret = area.getCaretPosition();
        String text = area.getText();
        int at = -1;
        if (caret > 0 && (OPEN + CLOSE).indexOf(text.charAt(caret - 1)) >= 0) at = caret - 1;
        else if (caret < text.length() && (OPEN + CLOSE).indexOf(text.charAt(caret)) >= 0) at = caret;
        if (at < 0) return;
        int other = matching(text, at);
        if (other < 0) return;
        bracketMarks = new int[] {at, other};
        setBracket(at, true);
        setBracket(other, true);
    }

    /** The index of the bracket matching the one at {@code at}, or -1. */
    static int matching(String text, int at) {
        char c = text.charAt(at);
        int open = OPEN.indexOf(c);
        int close = CLOSE.indexOf(c);
        int depth = 0;
        if (open >= 0) {
            for (int i = at; i < text.length(); i++) {
                if (text.charAt(i) == c) depth++;
                else if (text.charAt(i) == CLOSE.charAt(open) && --depth == 0) return i;
            }
        } else if (close >= 0) {
            for (int i = at; i >= 0; i--) {
                if (text.charAt(i) == c) depth++;
                else if (text.charAt(i) == OPEN.charAt(close) && --depth == 0) return i;
            }
        }
        return -1;
    }

    private void setBracket(int pos, boolean on) {
        List<String> styles = new ArrayList<>(area.getStyleOfChar(pos));
        styles.remove("bracket-match");
        if (on) styles.add("bracket-match");
        area.setStyle(pos, pos + 1, styles);
    }

    // --- keys -----------------------------------------------------------------------------------

    private void keys(KeyEvent e) {
        if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown() && !e.isAltDown()) {
            e.consume();
            int caret = area.getCaretPosition();
            int par = area.getCurrentParagraph();
            String line = area.getParagraph(par).getText();
            int col = area.getCaretColumn();
            String before = line.substring(0, Math.min(col, line.length()));
            String indent = before.replaceAll("^(\\s*).*$", "$1");
            String trimmed = before.stripTrailing();
            boolean opens = trimmed.endsWith("{") || trimmed.endsWith("[") || trimmed.endsWith("(")
                    || (doc.languageProperty().get() == Language.PYTHON && trimmed.endsWith(":"));
            area.insertText(caret, "\n" + indent + (opens ? "    " : ""));
        } else if (e.getCode() == KeyCode.TAB && !e.isShortcutDown() && !e.isShiftDown()) {
            e.consume();
            area.replaceSelection("    ");
        } else if (e.getCode() == KeyCode.ESCAPE && findBar.isVisible()) {
            e.consume();
            hideFind();
        }
    }

    // --- find and replace -----------------------------------------------------------------------

    private void buildFindBar() {
        find.setPromptText("Find");
        find.setId("findField");
        replace.setPromptText("Replace with");
        replace.setId("replaceField");
        Button next = new Button("Next");
        next.setOnAction(e -> findNext(true));
        Button prev = new Button("Previous");
        prev.setOnAction(e -> findNext(false));
        Button one = new Button("Replace");
        one.setId("replaceOne");
        one.setOnAction(e -> replaceOne());
        Button all = new Button("Replace all");
        all.setId("replaceAll");
        all.setOnAction(e -> replaceAll());
        Button close = new Button("✕");
        close.getStyleClass().add("flat");
        close.setOnAction(e -> hideFind());
        find.setOnAction(e -> findNext(true));
        find.textProperty().addListener((o, a, b) -> countMatches());
        find.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) hideFind();
        });
        replace.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) hideFind();
        });
        matches.getStyleClass().add("muted");
        findBar.getChildren().setAll(find, prev, next, replace, one, all, matches, close);
        findBar.setAlignment(Pos.CENTER_LEFT);
        findBar.setStyle("-fx-padding: 4 8 4 8;");
        findBar.setVisible(false);
        findBar.setManaged(false);
    }

    /** Shows the find bar (with replace when asked), seeded with the selection. */
    public void showFind(boolean withReplace) {
        findBar.setVisible(true);
        findBar.setManaged(true);
        replace.setVisible(withReplace);
        replace.setManaged(withReplace);
        String sel = area.getSelectedText();
        if (!sel.isEmpty() && !sel.contains("\n")) find.setText(sel);
        find.requestFocus();
        find.selectAll();
        countMatches();
    }

    private void hideFind() {
        findBar.setVisible(false);
        findBar.setManaged(false);
        area.requestFocus();
    }

    private void countMatches() {
        String q = find.getText();
        if (q.isEmpty()) {
            matches.setText("");
            return;
        }
        String hay = area.getText().toLowerCase(Locale.ROOT);
        String needle = q.toLowerCase(Locale.ROOT);
        int n = 0;
        for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length())) n++;
        matches.setText(n == 1 ? "1 match" : n + " matches");
    }

    /** Selects the next (or previous) occurrence, wrapping around; false when there is none. */
    public boolean findNext(boolean forward) {
        String q = find.getText().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) return false;
        String hay = area.getText().toLowerCase(Locale.ROOT);
        int from = forward ? area.getSelection().getEnd() : area.getSelection().getStart() - 1;
        int i = forward ? hay.indexOf(q, from) : hay.lastIndexOf(q, Math.max(-1, from));
        if (i < 0) i = forward ? hay.indexOf(q) : hay.lastIndexOf(q);
        if (i < 0) return false;
        area.selectRange(i, i + q.length());
        area.requestFollowCaret();
        return true;
    }

    private void replaceOne() {
        String sel = area.getSelectedText();
        if (!sel.isEmpty() && sel.equalsIgnoreCase(find.getText())) area.replaceSelection(replace.getText());
        findNext(true);
        countMatches();
    }

    /** Replaces every occurrence (case-insensitive) as one undoable edit. */
    public int replaceAll() {
        String q = find.getText();
        if (q.isEmpty()) return 0;
        String text = area.getText();
        StringBuilder out = new StringBuilder();
        String hay = text.toLowerCase(Locale.ROOT);
        String needle = q.toLowerCase(Locale.ROOT);
        int last = 0;
        int n = 0;
        for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length())) {
            out.append(text, last, i).append(replace.getText());
            last = i + needle.length();
            n++;
        }
        if (n == 0) return 0;
        out.append(text.substring(last));
        area.replaceText(0, area.getLength(), out.toString());
        countMatches();
        return n;
    }

    /** Moves the caret to the start of a 1-based line. */
    public void goToLine(int line) {
        int par = Math.max(0, Math.min(area.getParagraphs().size() - 1, line - 1));
        area.moveTo(par, 0);
        area.requestFollowCaret();
        area.requestFocus();
    }

    /** The selection if there is one, else the whole text (what Run runs). */
    public String codeToRun() {
        String sel = area.getSelectedText();
        return sel.isBlank() ? area.getText() : sel;
    }

    public CodeArea area() { return area; }
    public TextField findField() { return find; }
    public TextField replaceField() { return replace; }
    public Node node() { return root; }
    public EditorDocument document() { return doc; }
}
