package dev.sandbench.app.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * API keys in the desktop keychain (GNOME Keyring, KWallet) through libsecret's {@code secret-tool}.
 * When the keychain refuses (locked, no daemon) keys go to the fallback file instead, so a key is
 * never lost; lookups consult both.
 */
final class KeyringSecretStore implements SecretStore {
    private static final String TOOL = "/usr/bin/secret-tool";
    private final FileSecretStore fallback;

    KeyringSecretStore(FileSecretStore fallback) {
        this.fallback = fallback;
    }

    static boolean available() {
        return Files.isExecutable(Path.of(TOOL)) && System.getenv("DBUS_SESSION_BUS_ADDRESS") != null;
    }

    private static List<String> attrs(String... head) {
        List<String> cmd = new ArrayList<>(List.of(head));
        cmd.add("service");
        cmd.add("sandbench");
        return cmd;
    }

    private static Result run(List<String> cmd, String stdin) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int code, String out) {}

    @Override
    public Optional<String> get(String id) throws IOException {
        List<String> cmd = attrs(TOOL, "lookup");
        cmd.addAll(List.of("connection", id));
        Result r = run(cmd, null);
        if (r.code() == 0 && !r.out().isEmpty()) return Optional.of(r.out().strip());
        return fallback.get(id);
    }

    @Override
    public void put(String id, String secret) throws IOException {
        List<String> cmd = attrs(TOOL, "store", "--label=Sandbench API key (" + id + ")");
        cmd.addAll(List.of("connection", id));
        if (run(cmd, secret).code() == 0) {
            fallback.delete(id);
        } else {
            fallback.put(id, secret);
        }
    }

    @Override
    public void delete(String id) throws IOException {
        List<String> cmd = attrs(TOOL, "clear");
        cmd.addAll(List.of("connection", id));
        run(cmd, null);
        fallback.delete(id);
    }

    @Override
    public String describe() {
        return "the desktop keychain (secret-tool), else " + fallback.describe();
    }
}
