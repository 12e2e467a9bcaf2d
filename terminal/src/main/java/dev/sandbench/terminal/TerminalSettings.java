package dev.sandbench.terminal;

import com.techsenger.jeditermfx.core.TerminalColor;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.ui.settings.DefaultSettingsProvider;
import javafx.scene.text.Font;

/** Terminal look: a dark or light palette to match the app's theme, a monospaced font, a long scrollback. */
final class TerminalSettings extends DefaultSettingsProvider {
    private volatile boolean dark;
    private final float fontSize;

    TerminalSettings(boolean dark, float fontSize) {
        this.dark = dark;
        this.fontSize = fontSize;
    }

    void setDark(boolean on) {
        dark = on;
    }

    @Override
    public TextStyle getDefaultStyle() {
        return dark ? new TextStyle(TerminalColor.rgb(0xd4, 0xd4, 0xd4), TerminalColor.rgb(0x1e, 0x1f, 0x22))
                : new TextStyle(TerminalColor.rgb(0x1f, 0x23, 0x28), TerminalColor.rgb(0xff, 0xff, 0xff));
    }

    @Override
    public TerminalColor getDefaultForeground() {
        return getDefaultStyle().getForeground();
    }

    @Override
    public TerminalColor getDefaultBackground() {
        return getDefaultStyle().getBackground();
    }

    @Override
    public Font getTerminalFont() {
        return Font.font("Monospaced", fontSize);
    }

    @Override
    public float getTerminalFontSize() {
        return fontSize;
    }

    @Override
    public int getBufferMaxLinesCount() {
        return 10_000;
    }
}
