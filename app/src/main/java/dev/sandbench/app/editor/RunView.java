package dev.sandbench.app.editor;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;

import java.util.List;

/** The "Run" tab: the output of the last run, stderr set apart, with exit code and duration. */
public final class RunView {
    private static final int MAX_CHARS = 2_000_000;
    private final BorderPane root = new BorderPane();
    private final StyleClassedTextArea out = new StyleClassedTextArea();

    public RunView(RunViewModel vm) {
        out.setEditable(false);
        out.setWrapText(true);
        out.getStyleClass().add("run-output");
        out.setId("runOutput");
        Label status = new Label();
        status.setId("runStatus");
        status.getStyleClass().add("muted");
        status.textProperty().bind(vm.statusProperty());
        Button stop = new Button("Stop");
        stop.setId("stopRun");
        stop.disableProperty().bind(vm.runningProperty().not());
        stop.setOnAction(e -> vm.stop());
        Button clear = new Button("Clear");
        clear.setOnAction(e -> out.clear());
        HBox bar = new HBox(10, stop, clear, status);
        bar.setStyle("-fx-padding: 4 8 4 8; -fx-alignment: center-left;");
        root.setTop(bar);
        root.setCenter(new VirtualizedScrollPane<>(out));
        vm.setOutput(out::clear, this::append);
    }

    private void append(List<RunViewModel.Chunk> chunks) {
        for (RunViewModel.Chunk c : chunks) {
            int start = out.getLength();
            out.appendText(c.text());
            out.setStyleClass(start, out.getLength(), c.stream());
        }
        if (out.getLength() > MAX_CHARS) out.deleteText(0, out.getLength() - MAX_CHARS);
        out.requestFollowCaret();
        out.moveTo(out.getLength());
    }

    /** What the output shows (for tests and copy). */
    public String text() {
        return out.getText();
    }

    /** The text written to stderr. */
    public String stderrText() {
        StringBuilder b = new StringBuilder();
        String all = out.getText();
        for (int i = 0; i < all.length(); i++) {
            if (out.getStyleOfChar(i).contains("stderr")) b.append(all.charAt(i));
        }
        return b.toString();
    }

    public Node node() {
        return root;
    }
}
