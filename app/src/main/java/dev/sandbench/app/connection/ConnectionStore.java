package dev.sandbench.app.connection;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sandbench.app.settings.JsonFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Saved connections (connections.json in the config directory) and their keys (a {@link SecretStore}).
 * The embedded engine is always first and cannot be removed.
 */
public final class ConnectionStore {
    private final Path file;
    private final SecretStore secrets;

    public ConnectionStore(Path configDir, SecretStore secrets) {
        this.file = configDir.resolve("connections.json");
        this.secrets = secrets;
    }

    public List<ConnectionProfile> load() throws IOException {
        List<ConnectionProfile> all = new ArrayList<>();
        ConnectionProfile embedded = ConnectionProfile.embedded();
        if (Files.exists(file)) {
            List<ConnectionProfile> saved = JsonFiles.MAPPER.readValue(file.toFile(), new TypeReference<List<ConnectionProfile>>() { });
            for (ConnectionProfile p : saved) {
                if (p.isEmbedded()) embedded = new ConnectionProfile(p.id(), p.name(), null, p.color(), p.shared());
                else all.add(p);
            }
        }
        all.add(0, embedded);
        return all;
    }

    public void save(List<ConnectionProfile> profiles) throws IOException {
        List<ConnectionProfile> stored = profiles.stream().map(p -> p.isEmbedded() ? p.withUrl(null) : p).toList();
        JsonFiles.write(file, stored, false);
    }

    public Optional<String> key(String id) throws IOException {
        return secrets.get(id);
    }

    public void putKey(String id, String key) throws IOException {
        secrets.put(id, key);
    }

    public void deleteKey(String id) throws IOException {
        secrets.delete(id);
    }

    public SecretStore secrets() {
        return secrets;
    }
}
