package dev.sandbench.terminal;

import com.techsenger.jeditermfx.core.model.StyleState;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import com.techsenger.jeditermfx.ui.TerminalCopyPasteHandler;
import com.techsenger.jeditermfx.ui.TerminalPanel;
import com.techsenger.jeditermfx.ui.settings.SettingsProvider;

/** JediTermFX's widget with copy and paste going through the JavaFX clipboard. */
final class SandboxTerminalWidget extends JediTermFxWidget {
    private final TerminalSettings settings;
    private StyleState styleState;

    SandboxTerminalWidget(int columns, int rows, TerminalSettings settings) {
        super(columns, rows, settings);
        this.settings = settings;
    }

    @Override
    protected StyleState createDefaultStyle() {
        styleState = super.createDefaultStyle();
        return styleState;
    }

    /** Switches the palette between dark and light without restarting the shell. */
    void setDark(boolean dark) {
        settings.setDark(dark);
        styleState.setDefaultStyle(settings.getDefaultStyle());
        getTerminalPanel().repaint();
    }

    @Override
    protected TerminalPanel createTerminalPanel(SettingsProvider settings, StyleState styleState,
                                                TerminalTextBuffer buffer) {
        return new TerminalPanel(settings, buffer, styleState) {
            @Override
            protected TerminalCopyPasteHandler createCopyPasteHandler() {
                return new FxClipboardCopyPaste();
            }
        };
    }
}
