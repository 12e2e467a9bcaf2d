package dev.sandbench.terminal;

import javafx.scene.Node;
import javafx.scene.layout.BorderPane;

/**
 * A read-only terminal that shows recorded output: {@link #reset} clears it, {@link #feed} plays
 * text into it (escape sequences and all), so a replay can move its terminal to any point by
 * resetting and feeding what was written up to that point.
 */
public final class ReplayTerminalView implements AutoCloseable {
    /** ESC c: a full terminal reset (screen, scrollback position, modes, colours). */
    private static final String RESET = "\u001bc\u001b[3J";
    private final BorderPane root = new BorderPane();
    private final SandboxTerminalWidget widget;
    private final PlaybackConnector connector = new PlaybackConnector();

    public ReplayTerminalView(boolean dark, float fontSize) {
        widget = new SandboxTerminalWidget(80, 24, new TerminalSettings(dark, fontSize));
        widget.setTtyConnector(connector);
        widget.start();
        root.getStyleClass().add(TerminalView.STYLE_CLASS);
        root.setCenter(widget.getPane());
    }

    /** Clears the screen and the modes, as before the recording started. */
    public void reset() {
        connector.feed(RESET);
    }

    /** Plays recorded output into the terminal (applied on the emulator's thread, in order). */
    public void feed(String text) {
        connector.feed(text);
    }

    /** Whether everything fed so far has been taken by the emulator. */
    public boolean idle() {
        return !connector.ready();
    }

    public void setDark(boolean dark) {
        widget.setDark(dark);
    }

    /** The visible screen as text, one line per row. */
    public String screenText() {
        return widget.getTerminalTextBuffer().getScreenLines();
    }

    public Node node() {
        return root;
    }

    @Override
    public void close() {
        connector.close();
        widget.close();
    }
}
