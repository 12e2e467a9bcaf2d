package dev.sandbench.app.connection;

import dev.sandbench.app.settings.JsonFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** API keys in a JSON file with mode 0600, replaced atomically on each change. */
public final class FileSecretStore implements SecretStore {
    private final Path file;

    public FileSecretStore(Path file) {
        this.file = file;
    }

    @SuppressWarnings("unchecked")
    private synchronized Map<String, String> load() throws IOException {
        Map<String, String> m = JsonFiles.read(file, TreeMap.class, new TreeMap<String, String>());
        return new TreeMap<>(m);
    }

    @Override
    public synchronized Optional<String> get(String id) throws IOException {
        return Optional.ofNullable(load().get(id));
    }

    @Override
    public synchronized void put(String id, String secret) throws IOException {
        Map<String, String> m = load();
        m.put(id, secret);
        JsonFiles.write(file, m, true);
    }

    @Override
    public synchronized void delete(String id) throws IOException {
        Map<String, String> m = load();
        if (m.remove(id) != null) JsonFiles.write(file, m, true);
    }

    @Override
    public String describe() {
        return file + " (readable by you only)";
    }
}
