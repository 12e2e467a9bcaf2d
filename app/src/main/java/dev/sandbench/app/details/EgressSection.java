package dev.sandbench.app.details;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The details panel's egress rules: what the sandbox may reach, edited as text and applied live. */
final class EgressSection {
    private final VBox root = new VBox(6);

    EgressSection(EgressEditor vm) {
        root.setId("egressSection");
        root.setStyle("-fx-padding: 4 10 8 10;");
        Label mode = wrapped();
        mode.textProperty().bind(vm.modeProperty());
        TextArea allow = area("egressAllow", "203.0.113.0/24\npypi.org\n*.pythonhosted.org");
        allow.textProperty().bindBidirectional(vm.allowProperty());
        TextArea deny = area("egressDeny", "198.51.100.7\nexample.com");
        deny.textProperty().bindBidirectional(vm.denyProperty());
        Button apply = new Button("Apply");
        apply.setId("egressApply");
        apply.setDefaultButton(false);
        apply.disableProperty().bind(vm.editableProperty().not().or(vm.busyProperty()).or(vm.changedBinding().not()));
        apply.setOnAction(e -> vm.apply());
        Button revert = new Button("Revert");
        revert.disableProperty().bind(vm.changedBinding().not().or(vm.busyProperty()));
        revert.setOnAction(e -> vm.revert());
        Label note = wrapped();
        note.setId("egressNote");
        note.getStyleClass().add("muted");
        note.textProperty().bind(vm.noteProperty());
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        Label defaults = wrapped();
        defaults.getStyleClass().add("muted");
        defaults.textProperty().bind(vm.defaultsProperty());
        Label allowLabel = wrapped();
        allowLabel.setText("Allow: networks or DNS names, one a line");
        Label denyLabel = wrapped();
        denyLabel.setText("Deny (wins over allow)");
        VBox editor = new VBox(4, allowLabel, allow, denyLabel, deny, new HBox(8, apply, revert));
        editor.visibleProperty().bind(vm.editableProperty());
        editor.managedProperty().bind(vm.editableProperty());
        defaults.visibleProperty().bind(vm.editableProperty());
        defaults.managedProperty().bind(vm.editableProperty());
        root.getChildren().setAll(mode, editor, note, defaults);
    }

    private static TextArea area(String id, String prompt) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setPromptText(prompt);
        a.setPrefRowCount(3);
        a.setWrapText(false);
        return a;
    }

    private static Label wrapped() {
        Label l = new Label();
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    Node node() {
        return root;
    }
}
