package dev.sandbench.app.shell;

import dev.sandbench.app.connection.ConnectionProfile;
import dev.sandbench.app.connection.ConnectionsModel;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.stage.Window;

/** The connection manager: the embedded engine and remote ones; add, connect, edit colour and sharing, remove. */
final class ConnectionsDialog {
    private ConnectionsDialog() { }

    static void show(Window owner, ConnectionsModel model) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Connections");
        d.setHeaderText("Engines this workbench can drive");
        d.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        d.getDialogPane().setId("connectionsDialog");

        ListView<ConnectionProfile> list = new ListView<>(model.profiles());
        list.setId("connectionList");
        list.setPrefHeight(160);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ConnectionProfile p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Circle c = new Circle(5, p.color() == null ? Color.GRAY : Color.web(p.color()));
                boolean active = model.active() != null && model.active().profile().id().equals(p.id());
                setGraphic(c);
                setText(p.name() + "  —  " + (p.isEmbedded() ? "embedded on loopback" : p.url())
                        + (p.shared() ? "  (shared)" : "") + (active ? "  ✓ active" : ""));
            }
        });
        Button connect = new Button("Connect");
        connect.setId("connectButton");
        connect.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        connect.setOnAction(e -> {
            model.activate(list.getSelectionModel().getSelectedItem());
            d.close();
        });
        CheckBox sharedEdit = new CheckBox("Shared: ask twice before destructive actions");
        ColorPicker colorEdit = new ColorPicker();
        Button save = new Button("Save");
        save.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> {
            if (p == null) return;
            sharedEdit.setSelected(p.shared());
            colorEdit.setValue(p.color() == null ? Color.GRAY : Color.web(p.color()));
        });
        save.setOnAction(e -> {
            ConnectionProfile p = list.getSelectionModel().getSelectedItem();
            model.update(new ConnectionProfile(p.id(), p.name(), p.url(), web(colorEdit.getValue()), sharedEdit.isSelected()));
        });
        Button remove = new Button("Remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> {
            ConnectionProfile p = list.getSelectionModel().getSelectedItem();
            if (p != null && !p.isEmbedded()) model.remove(p);
        });
        HBox selectedRow = new HBox(8, connect, colorEdit, sharedEdit, save, remove);

        TextField name = new TextField();
        name.setId("newConnectionName");
        name.setPromptText("Team engine");
        TextField url = new TextField();
        url.setId("newConnectionUrl");
        url.setPromptText("https://sandbox.example.com");
        PasswordField key = new PasswordField();
        key.setId("newConnectionKey");
        key.setPromptText("API key");
        ColorPicker color = new ColorPicker(Color.web("#8250df"));
        CheckBox shared = new CheckBox("Shared");
        Label error = new Label();
        error.getStyleClass().add("form-error");
        error.setId("newConnectionError");
        Button add = new Button("Add and connect");
        add.setId("addConnection");
        add.setOnAction(e -> {
            String problem = ConnectionsModel.validate(name.getText(), url.getText(), key.getText());
            if (problem != null) {
                error.setText(problem);
                return;
            }
            error.setText("");
            model.add(name.getText(), url.getText(), key.getText(), web(color.getValue()), shared.isSelected());
            d.close();
        });
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("URL"), url);
        form.addRow(2, new Label("API key"), key);
        form.addRow(3, new Label("Colour"), new HBox(8, color, shared));
        GridPane.setHgrow(url, Priority.ALWAYS);
        Label keys = new Label("Keys are kept in " + model.secretsLocation() + ".");
        keys.getStyleClass().add("muted");
        keys.setWrapText(true);
        Label addTitle = new Label("Add a remote engine");
        addTitle.getStyleClass().add("details-section");
        VBox content = new VBox(8, list, selectedRow, addTitle, form, error, add, keys);
        content.setPrefWidth(620);
        d.getDialogPane().setContent(content);
        d.show();
    }

    private static String web(Color c) {
        return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }
}
