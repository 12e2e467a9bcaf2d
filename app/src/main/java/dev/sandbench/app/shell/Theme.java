package dev.sandbench.app.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The two AtlantaFX themes the workbench offers, switchable while it runs. */
public enum Theme {
    LIGHT("light", new PrimerLight().getUserAgentStylesheet()),
    DARK("dark", new PrimerDark().getUserAgentStylesheet());

    private final String id;
    private final String stylesheet;

    Theme(String id, String stylesheet) {
        this.id = id;
        this.stylesheet = stylesheet;
    }

    public String id() {
        return id;
    }

    public boolean dark() {
        return this == DARK;
    }

    public void apply() {
        Application.setUserAgentStylesheet(stylesheet);
    }

    public static Theme of(String id) {
        return "dark".equals(id) ? DARK : LIGHT;
    }
}
