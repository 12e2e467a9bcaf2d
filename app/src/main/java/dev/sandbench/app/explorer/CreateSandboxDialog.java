package dev.sandbench.app.explorer;

import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.sandboxes.NetworkMode;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.system.Template;
import javafx.collections.FXCollections;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.function.Consumer;

/** The "new sandbox" dialog: the form, validation before submit, progress while the engine creates it. */
public final class CreateSandboxDialog {
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final CreateSandboxForm form = new CreateSandboxForm();
    private final Label errors = new Label();

    private CreateSandboxDialog(Window owner, SandbenchClient client, ExplorerViewModel vm, UiExecutor ui,
                                Consumer<Sandbox> created) {
        dialog.initOwner(owner);
        dialog.setTitle("New sandbox");
        dialog.setHeaderText("Create a sandbox");
        dialog.setResizable(true);
        ButtonType createType = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(createType, ButtonType.CANCEL);
        dialog.getDialogPane().setId("createSandboxDialog");

        ComboBox<Template> template = new ComboBox<>(form.templates());
        template.setId("templateField");
        template.setMaxWidth(Double.MAX_VALUE);
        template.valueProperty().bindBidirectional(form.templateProperty());
        template.setCellFactory(l -> new TemplateCell());
        template.setButtonCell(new TemplateCell());
        template.setPromptText("Loading templates…");
        TextField name = field("nameField", form.nameProperty(), "optional, e.g. agent-run-1");
        TextField cpus = field("cpusField", form.cpusProperty(), "1");
        TextField memory = field("memoryField", form.memoryMbProperty(), "512");
        TextField disk = field("diskField", form.diskGbProperty(), "engine default");
        ComboBox<NetworkMode> network = new ComboBox<>(FXCollections.observableArrayList(NetworkMode.NONE, NetworkMode.FULL,
                NetworkMode.ALLOWLIST));
        network.setId("networkField");
        // The API's words, with what they mean, rather than the enum's constants.
        network.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(NetworkMode m) {
                if (m == null) return "";
                return switch (m) {
                    case NONE -> "none (no network)";
                    case FULL -> "full (public internet, not the host)";
                    case ALLOWLIST -> "allowlist (only what Allow names)";
                    default -> m.name().toLowerCase(java.util.Locale.ROOT);
                };
            }

            @Override
            public NetworkMode fromString(String s) {
                return null; // not editable
            }
        });
        network.valueProperty().bindBidirectional(form.networkProperty());
        TextField allow = field("egressAllowField", form.allowProperty(), "pypi.org, *.pythonhosted.org, 203.0.113.0/24");
        Label allowLabel = new Label("Allow");
        allow.disableProperty().bind(form.networkProperty().isEqualTo(NetworkMode.NONE));
        TextField lifetime = field("lifetimeField", form.lifetimeMinutesProperty(), "60");
        TextArea env = new TextArea();
        env.setId("envField");
        env.setPromptText("KEY=value, one per line");
        env.setPrefRowCount(3);
        env.textProperty().bindBidirectional(form.envProperty());
        TextArea init = new TextArea();
        init.setId("initScriptField");
        init.setPromptText("shell commands run once at start, e.g. pip install requests");
        init.setPrefRowCount(3);
        init.textProperty().bindBidirectional(form.initScriptProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        // Labels keep their full width; the inputs take what is left (else the labels shrank to "…").
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, inputs);
        int r = 0;
        grid.addRow(r++, new Label("Template"), template);
        grid.addRow(r++, new Label("Name"), name);
        grid.addRow(r++, new Label("CPUs"), cpus);
        grid.addRow(r++, new Label("Memory (MB)"), memory);
        grid.addRow(r++, new Label("Disk (GB)"), disk);
        grid.addRow(r++, new Label("Network"), network);
        grid.addRow(r++, allowLabel, allow);
        grid.addRow(r++, new Label("Lifetime (min)"), lifetime);
        grid.addRow(r++, new Label("Environment"), env);
        grid.addRow(r, new Label("Init script"), init);

        errors.getStyleClass().add("form-error");
        errors.setId("createErrors");
        errors.setMaxWidth(460);
        errors.managedProperty().bind(errors.textProperty().isNotEmpty());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(18, 18);
        progress.visibleProperty().bind(form.busyProperty());
        Label creating = new Label("Creating…");
        creating.visibleProperty().bind(form.busyProperty());
        HBox status = new HBox(8, progress, creating);
        VBox content = new VBox(10, grid, errors, status);
        content.setPrefWidth(480);
        dialog.getDialogPane().setContent(content);

        Button ok = (Button) dialog.getDialogPane().lookupButton(createType);
        ok.setId("createSandboxSubmit");
        ok.disableProperty().bind(form.busyProperty());
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // the dialog closes only once the engine has created the sandbox
            var problems = form.problems();
            if (!problems.isEmpty()) {
                errors.setText(String.join("\n", problems));
                return;
            }
            errors.setText("");
            form.busyProperty().set(true);
            vm.create(form.toRequest(), s -> {
                form.busyProperty().set(false);
                dialog.setResult(ButtonType.OK);
                dialog.close();
                created.accept(s);
            }, failure -> {
                form.busyProperty().set(false);
                errors.setText("The engine refused: " + Notifier.describe(failure));
            });
        });

        ui.run("list templates", () -> client.system().templates(), list -> {
            form.setTemplates(list);
            template.setPromptText(list.isEmpty() ? "The engine offers no templates" : "Choose a template");
        }, e -> errors.setText("Could not list templates: " + Notifier.describe(e)));
    }

    /** Opens the dialog (not blocking); {@code created} runs after the engine has created the sandbox. */
    public static CreateSandboxDialog show(Window owner, SandbenchClient client, ExplorerViewModel vm, UiExecutor ui,
                                           Consumer<Sandbox> created) {
        CreateSandboxDialog d = new CreateSandboxDialog(owner, client, vm, ui, created);
        d.dialog.show();
        return d;
    }

    public CreateSandboxForm form() {
        return form;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty p, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    /** A template, greyed out with the reason when this engine cannot provide it. */
    private static final class TemplateCell extends ListCell<Template> {
        @Override
        protected void updateItem(Template t, boolean empty) {
            super.updateItem(t, empty);
            if (empty || t == null) {
                setText(null);
                setDisable(false);
                setTooltip(null);
                return;
            }
            String langs = t.languages() == null || t.languages().isEmpty() ? "" : "  (" + String.join(", ", t.languages()) + ")";
            setText(t.name() + langs + (t.available() ? "" : " — unavailable: " + t.reason()));
            setDisable(!t.available());
            setOpacity(t.available() ? 1 : 0.6);
            setTooltip(new javafx.scene.control.Tooltip(t.available() ? t.description() : t.reason()));
        }
    }

    Node pane() {
        return dialog.getDialogPane();
    }
}
