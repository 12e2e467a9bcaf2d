package dev.sandbench.app.settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Loads and saves {@link Settings} as settings.json in the config directory. */
public final class SettingsStore {
    private static final Logger LOG = Logger.getLogger(SettingsStore.class.getName());
    private final Path file;

    public SettingsStore(Path configDir) {
        this.file = configDir.resolve("settings.json");
    }

    /** The saved settings, or defaults when there are none or the file cannot be read (which is logged). */
    public Settings load() {
        try {
            return JsonFiles.read(file, Settings.class, new Settings());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "ignoring unreadable " + file + ": " + e.getMessage());
            return new Settings();
        }
    }

    /** Saves settings (or a JSON snapshot of them taken on the UI thread). */
    public void save(Object settings) throws IOException {
        JsonFiles.write(file, settings, false);
    }
}
