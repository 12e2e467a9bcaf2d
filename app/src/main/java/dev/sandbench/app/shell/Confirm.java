package dev.sandbench.app.shell;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** Questions before destructive actions; on a shared engine the question is asked twice. */
final class Confirm {
    private Confirm() { }

    static boolean destructive(Window owner, String title, String question, String confirmLabel, boolean shared, String connectionName) {
        if (!ask(owner, title, question, confirmLabel)) return false;
        return !shared || ask(owner, title, connectionName + " is a shared engine: other people use it. "
                + "This cannot be undone. " + question, "Yes, " + confirmLabel.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean ask(Window owner, String title, String text, String confirmLabel) {
        ButtonType yes = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, yes, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        a.getDialogPane().setId("confirmDialog");
        a.getDialogPane().lookupButton(yes).setId("confirmYes");
        return a.showAndWait().orElse(ButtonType.CANCEL) == yes;
    }
}
