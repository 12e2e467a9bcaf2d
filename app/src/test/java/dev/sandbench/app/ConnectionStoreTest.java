package dev.sandbench.app;

import dev.sandbench.app.connection.ConnectionProfile;
import dev.sandbench.app.connection.ConnectionStore;
import dev.sandbench.app.connection.ConnectionsModel;
import dev.sandbench.app.connection.FileSecretStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStoreTest {
    @Test
    void keepsProfilesAndKeysApartWithTheKeysPrivate(@TempDir Path dir) throws Exception {
        ConnectionStore store = new ConnectionStore(dir, new FileSecretStore(dir.resolve("keys.json")));
        assertThat(store.load()).extracting(ConnectionProfile::id).containsExactly("embedded");
        ConnectionProfile team = new ConnectionProfile("c-1", "Team", "https://sb.example.com", "#ff0000", true);
        store.save(List.of(ConnectionProfile.embedded().withUrl("http://127.0.0.1:1234"), team));
        store.putKey("c-1", "sk-secret");

        ConnectionStore again = new ConnectionStore(dir, new FileSecretStore(dir.resolve("keys.json")));
        assertThat(again.load()).containsExactly(ConnectionProfile.embedded(), team);
        assertThat(again.key("c-1")).contains("sk-secret");
        assertThat(Files.readString(dir.resolve("connections.json"))).doesNotContain("sk-secret").doesNotContain("1234");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys.json")))).isEqualTo("rw-------");
        again.deleteKey("c-1");
        assertThat(again.key("c-1")).isEmpty();
    }

    @Test
    void validatesANewConnection() {
        assertThat(ConnectionsModel.validate("", "http://x", "k")).isEqualTo("Give the connection a name.");
        assertThat(ConnectionsModel.validate("a", "ftp://x", "k")).isEqualTo("The URL must start with http:// or https://.");
        assertThat(ConnectionsModel.validate("a", "http:///path", "k")).isEqualTo("The URL has no host name.");
        assertThat(ConnectionsModel.validate("a", "https://x.example", " ")).isEqualTo("Enter the engine's API key.");
        assertThat(ConnectionsModel.validate("a", "https://x.example:8443", "k")).isNull();
    }
}
