package dev.sandbench.terminal;

import com.techsenger.jeditermfx.ui.TerminalCopyPasteHandler;
import javafx.application.Platform;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * Copy and paste through JavaFX's clipboard. JediTermFX's default goes through AWT, which is
 * unavailable in a headless toolkit and a second clipboard owner next to JavaFX's.
 */
final class FxClipboardCopyPaste implements TerminalCopyPasteHandler {
    @Override
    public void setContents(String text, boolean useSelectionClipboard) {
        Runnable put = () -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        };
        if (Platform.isFxApplicationThread()) put.run(); else Platform.runLater(put);
    }

    @Override
    public String getContents(boolean useSelectionClipboard) {
        // Paste is triggered by a key or menu on the FX thread, the only thread that may read it.
        if (!Platform.isFxApplicationThread()) return null;
        Clipboard clipboard = Clipboard.getSystemClipboard();
        return clipboard.hasString() ? clipboard.getString() : null;
    }
}
