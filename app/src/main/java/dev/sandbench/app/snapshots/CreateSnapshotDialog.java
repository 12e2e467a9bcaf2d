package dev.sandbench.app.snapshots;

import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Asks for a new snapshot's name and description. */
public final class CreateSnapshotDialog {
    /** What the user typed. */
    public record Answer(String name, String description) { }

    private CreateSnapshotDialog() { }

    public static Optional<Answer> ask(Window owner, String sandboxLabel) {
        Dialog<Answer> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Take snapshot");
        d.setHeaderText("Snapshot of " + sandboxLabel);
        TextField name = new TextField("snapshot-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss")));
        name.setId("snapshotNameField");
        TextArea description = new TextArea();
        description.setId("snapshotDescriptionField");
        description.setPrefRowCount(3);
        description.setPromptText("optional: what state the files are in");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("Description"), description);
        ButtonType take = new ButtonType("Take snapshot", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(take, ButtonType.CANCEL);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().setId("createSnapshotDialog");
        d.getDialogPane().lookupButton(take).setId("createSnapshotSubmit");
        d.getDialogPane().lookupButton(take).disableProperty().bind(name.textProperty().isEmpty());
        d.setResultConverter(b -> b == take ? new Answer(name.getText().strip(), description.getText().strip()) : null);
        Platform.runLater(name::requestFocus);
        return d.showAndWait();
    }
}
