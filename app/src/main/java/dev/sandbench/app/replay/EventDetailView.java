package dev.sandbench.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbench.app.diff.DiffView;
import dev.sandbench.client.sessions.ReplayEvent;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The selected event in full: an LLM call's prompt and response, a tool call's arguments and
 * result, a command's output, a file change as a diff, the risk flags it raised; anything else
 * as its JSON.
 */
final class EventDetailView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BorderPane root = new BorderPane();
    private final Label title = new Label();
    private final Label meta = new Label();
    private final VBox flags = new VBox(2);
    private final DiffView diff = new DiffView();
    private final Label[] headings = {new Label(), new Label()};
    private final TextArea[] bodies = {new TextArea(), new TextArea()};
    private final VBox sectionBox = new VBox(4);

    EventDetailView(Node... actions) {
        title.getStyleClass().add("replay-detail-title");
        title.setId("replayDetailTitle");
        meta.getStyleClass().add("muted");
        meta.setWrapText(true);
        javafx.scene.layout.Region grow = new javafx.scene.layout.Region();
        javafx.scene.layout.HBox.setHgrow(grow, Priority.ALWAYS);
        title.setMinWidth(0);
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(6, title, grow);
        row.getChildren().addAll(actions);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        for (Node a : actions) if (a instanceof javafx.scene.layout.Region r) r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        title.setTooltip(new javafx.scene.control.Tooltip());
        title.getTooltip().textProperty().bind(title.textProperty());
        VBox head = new VBox(4, row, meta, flags);
        head.getStyleClass().add("replay-detail-head");
        root.setTop(head);
        root.getStyleClass().add("replay-detail");
        sectionBox.getStyleClass().add("replay-sections");
        for (int k = 0; k < 2; k++) {
            headings[k].getStyleClass().add("replay-section-title");
            bodies[k].setEditable(false);
            bodies[k].setWrapText(true);
            bodies[k].getStyleClass().add("replay-text");
            VBox.setVgrow(bodies[k], Priority.ALWAYS);
            sectionBox.getChildren().addAll(headings[k], bodies[k]);
        }
        root.setId("replayDetail");
        show(null, -1);
    }

    Node node() {
        return root;
    }

    /** The diff shown for file changes (tests read it). */
    DiffView diff() {
        return diff;
    }

    void show(ReplayModel model, int index) {
        flags.getChildren().clear();
        if (model == null || index < 0 || index >= model.size()) {
            title.setText("No event selected");
            meta.setText("Play the session, or pick an event in the list or on the timeline.");
            root.setCenter(null);
            return;
        }
        ReplayEvent e = model.event(index);
        JsonNode d = e.data() == null ? JSON.createObjectNode() : e.data();
        title.setText(model.label(index));
        meta.setText(e.type() + " \u00b7 " + ReplayViewModel.clock(model.realAt(model.display(index))) + " \u00b7 "
                + e.timestamp() + " \u00b7 event " + (index + 1) + " of " + model.size());
        for (JsonNode f : d.path("flags")) {
            Label l = new Label("\u26a0 " + f.path("reason").asText(f.path("rule").asText()));
            l.getStyleClass().add("replay-flag");
            flags.getChildren().add(l);
        }
        root.setCenter(switch (e.type()) {
            case "llm_call" -> sections("Prompt", text(d, "prompt"), "Response", text(d, "response"));
            case "tool_call" -> sections("Arguments", pretty(d.get("arguments")), "Result",
                    d.hasNonNull("error") ? text(d, "error") : pretty(d.get("result")));
            case "command" -> sections("Command", text(d, "command"), "Output", text(d, "output"));
            case "code" -> sections("Code (" + text(d, "language") + ")", text(d, "code"), "Output", text(d, "output"));
            case "file_write" -> fileDiff(d);
            case "error" -> sections("Message", text(d, "message").isEmpty() ? pretty(d) : text(d, "message"), null, null);
            default -> sections("Data", pretty(d), null, null);
        });
    }

    private Node fileDiff(JsonNode d) {
        String path = text(d, "path");
        boolean hasAfter = d.path("after").isTextual();
        if (!hasAfter) {
            diff.clear(path + " was written (" + d.path("size").asLong() + " bytes); its content was not recorded "
                    + "(an upload, or text over the recording cap).");
        } else {
            diff.show(path, d.path("before").isTextual() ? d.get("before").asText() : null, d.get("after").asText());
        }
        return diff.node();
    }

    /** Shows one or two titled texts; the text areas are made once and reused (selection changes while scrubbing). */
    private Node sections(String t1, String s1, String t2, String s2) {
        set(0, t1, s1);
        set(1, t2, s2);
        return sectionBox;
    }

    private void set(int k, String heading, String body) {
        boolean shown = heading != null;
        headings[k].setVisible(shown);
        headings[k].setManaged(shown);
        bodies[k].setVisible(shown);
        bodies[k].setManaged(shown);
        if (!shown) return;
        headings[k].setText(heading);
        String text = body == null ? "" : body;
        if (!text.equals(bodies[k].getText())) bodies[k].setText(text);
    }

    private static String text(JsonNode d, String field) {
        return EventText.text(d, field, "");
    }

    private static String pretty(JsonNode n) {
        if (n == null || n.isNull()) return "";
        if (n.isTextual()) return n.asText();
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return n.toString();
        }
    }
}
