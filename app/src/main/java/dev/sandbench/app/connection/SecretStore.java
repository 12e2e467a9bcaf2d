package dev.sandbench.app.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Where API keys are kept: the OS keychain when there is one, else a file only the user can read. */
public interface SecretStore {
    Optional<String> get(String connectionId) throws IOException;

    void put(String connectionId, String secret) throws IOException;

    void delete(String connectionId) throws IOException;

    /** Where the keys are, for the user ("GNOME Keyring / KWallet (secret-tool)", "~/.config/sandbench/keys.json"). */
    String describe();

    /** The keychain if one answers, otherwise the private file in {@code configDir}. */
    static SecretStore best(Path configDir) {
        FileSecretStore file = new FileSecretStore(configDir.resolve("keys.json"));
        return KeyringSecretStore.available() ? new KeyringSecretStore(file) : file;
    }
}
