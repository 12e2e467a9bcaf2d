package dev.sandbench.app.manual;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.io.File;
import java.util.Arrays;

/**
 * A separate X11 client that drags files, like a desktop file manager does: used by
 * {@code app/src/test/manual/x11-drag-check.sh} to drop real files into the workbench through XDND.
 * Arguments: x y width height file...
 */
public final class DragSource extends Application {
    public static final class Launcher {
        public static void main(String[] args) {
            Application.launch(DragSource.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        var args = getParameters().getRaw();
        Label label = new Label("drag me: " + String.join(", ", args.subList(4, args.size())));
        label.setId("dragSource");
        label.setOnDragDetected(e -> {
            Dragboard db = label.startDragAndDrop(TransferMode.COPY);
            ClipboardContent c = new ClipboardContent();
            c.putFiles(Arrays.stream(args.subList(4, args.size()).toArray(String[]::new)).map(File::new).toList());
            db.setContent(c);
            e.consume();
        });
        label.setOnDragDone(e -> System.out.println("drag-source: done, accepted=" + e.isAccepted()));
        StackPane root = new StackPane(label);
        stage.setScene(new Scene(root, Double.parseDouble(args.get(2)), Double.parseDouble(args.get(3))));
        stage.setX(Double.parseDouble(args.get(0)));
        stage.setY(Double.parseDouble(args.get(1)));
        stage.setTitle("drag-source");
        stage.show();
    }
}
