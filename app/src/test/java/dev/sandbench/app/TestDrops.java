package dev.sandbench.app;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.Toolkit;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drops of local files as the OS delivers them, for headless UI tests (Monocle has no drag source). */
final class TestDrops {
    private TestDrops() {}

    /** Drag-over then drop events whose dragboard carries real local files. */
    static void drop(Node target, List<File> files) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            Dragboard db = DragboardHelper.createDragboard(dragClipboard());
            ClipboardContent content = new ClipboardContent();
            content.putFiles(files);
            db.setContent(content);
            var b = target.localToScreen(target.getBoundsInLocal());
            for (var type : List.of(DragEvent.DRAG_ENTERED_TARGET, DragEvent.DRAG_OVER, DragEvent.DRAG_DROPPED)) {
                Event.fireEvent(target, new DragEvent(type, db, 5, 5, b.getMinX() + 5, b.getMinY() + 5, TransferMode.COPY,
                        null, null, null));
            }
        }).get(10, TimeUnit.SECONDS);
    }

    /**
     * The toolkit's in-memory clipboard, answering "copy" for the transfer modes the source allows
     * (as a desktop file manager's drag does); everything else goes to the real clipboard object.
     */
    private static com.sun.javafx.tk.TKClipboard dragClipboard() {
        com.sun.javafx.tk.TKClipboard local = Toolkit.getToolkit().createLocalClipboard();
        return (com.sun.javafx.tk.TKClipboard) java.lang.reflect.Proxy.newProxyInstance(
                TestDrops.class.getClassLoader(), new Class<?>[] {com.sun.javafx.tk.TKClipboard.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getTransferModes")) return java.util.EnumSet.of(TransferMode.COPY);
                    if (m.getName().equals("getDragImage")) return null;
                    if (m.getName().startsWith("getDragViewOffset")) return 0.0;
                    try {
                        return m.invoke(local, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
