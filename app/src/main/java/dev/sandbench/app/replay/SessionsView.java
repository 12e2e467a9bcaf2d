package dev.sandbench.app.replay;

import dev.sandbench.app.ui.Columns;
import dev.sandbench.client.sessions.AgentSession;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The "Sessions" tab of the bottom panel: the selected sandbox's sessions (agent, model, status,
 * start, duration, cost, tokens, events, trust), sortable; Enter or a double click opens a replay.
 */
public final class SessionsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private final BorderPane root = new BorderPane();
    private final TableView<AgentSession> table = new TableView<>();

    public SessionsView(SessionsViewModel vm, Consumer<AgentSession> open, Runnable openFile, ObservableBooleanValue showing) {
        table.setId("sessionTable");
        javafx.collections.transformation.SortedList<AgentSession> sorted = new javafx.collections.transformation.SortedList<>(vm.sessions());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getColumns().setAll(List.of(
                Columns.text("Agent", 110, s -> s.agentType() == null ? (s.model() == null ? "engine" : "agent") : s.agentType()),
                Columns.text("Model", 130, s -> s.model() == null ? "" : s.model()),
                Columns.text("Status", 80, AgentSession::status),
                Columns.text("Started", 140, s -> s.startedAt() == null ? "" : TIME.format(s.startedAt())),
                number("Duration", 80, s -> s.durationMs() == null ? 0 : s.durationMs(),
                        v -> ReplayViewModel.clock(v.doubleValue()).replaceAll("\\.\\d$", "")),
                number("Cost", 80, AgentSession::costUsd, v -> String.format(Locale.ROOT, "$%.4f", v.doubleValue())),
                number("Tokens", 90, s -> s.tokensIn() + s.tokensOut(), v -> String.format(Locale.ROOT, "%,d", v.longValue())),
                number("Events", 70, AgentSession::eventCount, v -> String.format(Locale.ROOT, "%,d", v.longValue())),
                number("Trust", 60, s -> s.trustScore() == null ? -1 : s.trustScore(),
                        v -> v.doubleValue() < 0 ? "" : String.format(Locale.ROOT, "%.0f%%", v.doubleValue() * 100))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        Label empty = new Label();
        empty.textProperty().bind(vm.noteProperty());
        empty.getStyleClass().add("muted");
        empty.setWrapText(true);
        table.setPlaceholder(empty);
        table.setRowFactory(t -> {
            TableRow<AgentSession> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && row.getItem() != null) {
                    open.accept(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            AgentSession s = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && s != null) {
                e.consume();
                open.accept(s);
            }
        });
        Button replay = new Button("Open replay");
        replay.setId("sessionsOpen");
        replay.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        replay.setOnAction(e -> open.accept(table.getSelectionModel().getSelectedItem()));
        Button file = new Button("Open exported session\u2026");
        file.setOnAction(e -> openFile.run());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refresh());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label hint = new Label("Drop an exported session (.json) on the window to replay it offline.");
        hint.getStyleClass().add("muted");
        HBox bar = new HBox(6, replay, refresh, grow, hint, file);
        for (Button b : List.of(replay, refresh, file)) b.setMinWidth(Region.USE_PREF_SIZE);
        hint.setMinWidth(0);
        bar.getStyleClass().add("snapshots-bar");
        root.setTop(bar);
        root.setCenter(table);
        Timeline poll = new Timeline(new KeyFrame(Duration.seconds(3), e -> {
            if (showing.get() && root.getScene() != null && root.getScene().getWindow() != null
                    && root.getScene().getWindow().isShowing()) vm.refresh();
        }));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
        showing.addListener((o, a, b) -> {
            if (b) vm.refresh();
        });
    }

    /** A column that sorts by number and shows it formatted. */
    private static TableColumn<AgentSession, Number> number(String title, double width, Function<AgentSession, Number> f,
                                                            Function<Number, String> format) {
        TableColumn<AgentSession, Number> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setComparator((a, b) -> Double.compare(a.doubleValue(), b.doubleValue()));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : format.apply(v));
                setStyle("-fx-alignment: center-right;");
            }
        });
        return c;
    }

    public TableView<AgentSession> table() {
        return table;
    }

    public Node node() {
        return root;
    }
}
