package dev.sandbench.terminal;

import dev.sandbench.client.SandbenchClient;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * A shell in a sandbox as a JavaFX node: a JediTermFX terminal on the engine's terminal WebSocket.
 * Resizing the node resizes the sandbox's PTY; when the socket closes a banner says why and offers
 * to reconnect (a new shell). {@link #close()} ends the shell and frees the engine's PTY. Use it
 * on the FX thread.
 */
public final class TerminalView implements AutoCloseable {
    /** Where the terminal's connection is. */
    public enum State { CONNECTING, CONNECTED, DISCONNECTED, CLOSED }

    public static final String STYLE_CLASS = "sandbox-terminal";
    public static final String BANNER_STYLE_CLASS = "sandbox-terminal-banner";

    private final SandbenchClient client;
    private final String sandboxId;
    private boolean dark;
    private final float fontSize;
    private final BorderPane root = new BorderPane();
    private final HBox banner = new HBox(8);
    private final Label bannerText = new Label();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.CONNECTING);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Connecting…");
    private SandboxTerminalWidget widget;
    private SandboxTtyConnector connector;

    public TerminalView(SandbenchClient client, String sandboxId, boolean dark, float fontSize) {
        this.client = client;
        this.sandboxId = sandboxId;
        this.dark = dark;
        this.fontSize = fontSize;
        root.getStyleClass().add(STYLE_CLASS);
        Button reconnect = new Button("Reconnect");
        reconnect.getStyleClass().add("reconnect");
        reconnect.setOnAction(e -> connect());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        banner.getChildren().setAll(bannerText, spacer, reconnect);
        banner.getStyleClass().add(BANNER_STYLE_CLASS);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setStyle("-fx-padding: 4 8 4 8; -fx-background-color: -color-warning-subtle;");
        connect();
    }

    /** Opens a fresh shell, replacing an ended one. */
    public void connect() {
        disposeWidget();
        root.setTop(null);
        state.set(State.CONNECTING);
        status.set("Connecting…");
        widget = new SandboxTerminalWidget(80, 24, new TerminalSettings(dark, fontSize));
        SandboxTerminalWidget mine = widget;
        connector = SandboxTtyConnector.open(client, sandboxId, 24, 80,
                ended -> Platform.runLater(() -> onEnded(mine, ended)));
        widget.setTtyConnector(connector);
        widget.start();
        root.setCenter(widget.getPane());
        state.set(State.CONNECTED);
        status.set("Connected");
        Platform.runLater(this::requestFocus);
    }

    private void onEnded(SandboxTerminalWidget which, SandboxTtyConnector.Ended ended) {
        if (which != widget || state.get() == State.CLOSED) return;
        state.set(State.DISCONNECTED);
        status.set(ended.describe());
        bannerText.setText(ended.describe());
        root.setTop(banner);
    }

    public Node node() {
        return root;
    }

    /** Gives the terminal the keyboard, now or as soon as it is shown. */
    public void requestFocus() {
        if (widget == null) return;
        // The canvas takes keys; the "preferred focusable node" JediTermFX reports is its non-focusable pane.
        Node target = widget.getTerminalPanel().getCanvas();
        if (target.getScene() != null && target.isVisible()) {
            target.requestFocus();
            return;
        }
        target.sceneProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> o,
                                javafx.scene.Scene was, javafx.scene.Scene now) {
                if (now == null) return;
                o.removeListener(this);
                Platform.runLater(target::requestFocus);
            }
        });
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "Connected", or why the terminal is not. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public String sandboxId() {
        return sandboxId;
    }

    /** Follows the app's theme: dark or light colours, live. */
    public void setDark(boolean on) {
        dark = on;
        if (widget != null) widget.setDark(on);
    }

    /** The visible screen as text, one line per row (what a user reads). */
    public String screenText() {
        return widget == null ? "" : widget.getTerminalTextBuffer().getScreenLines();
    }

    /** Sends text as if typed. */
    public void type(String text) {
        if (connector != null) connector.write(text);
    }

    private void disposeWidget() {
        if (widget != null) {
            SandboxTerminalWidget old = widget;
            widget = null;
            connector = null;
            old.close();
        }
    }

    @Override
    public void close() {
        state.set(State.CLOSED);
        status.set("Closed");
        disposeWidget();
    }
}
