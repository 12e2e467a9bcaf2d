package dev.sandbench.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.terminal.TerminalConnection;
import dev.sandbench.client.terminal.TerminalListener;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The narrow seam between a JediTermFX widget and a sandbox shell: a {@link TtyConnector} over the
 * engine's terminal WebSocket. JediTerm reads on its own emulator thread, so {@link #read} blocks on
 * a queue that the WebSocket thread fills; the socket closing ends the stream with end-of-file.
 */
public final class SandboxTtyConnector implements TtyConnector {
    private final String name;
    private final TextQueue chunks = new TextQueue();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final TerminalConnection connection;
    private final Consumer<Ended> onEnded;
    private volatile boolean connected = true;

    /** Why and how a terminal ended: an exit code, an error from the engine, or a broken connection. */
    public record Ended(Integer exitCode, String error) {
        public String describe() {
            if (error != null) return "Disconnected: " + error;
            if (exitCode != null) return "Shell exited with code " + exitCode;
            return "Disconnected";
        }
    }

    private SandboxTtyConnector(SandbenchClient client, String sandboxId, int rows, int cols, Consumer<Ended> onEnded) {
        this.name = sandboxId;
        this.onEnded = onEnded;
        this.connection = client.terminal().open(sandboxId, rows, cols, new Listener());
    }

    /**
     * Opens a shell in the sandbox. {@code onEnded} is called once, on a background thread, when the
     * shell exits or the connection breaks.
     */
    public static SandboxTtyConnector open(SandbenchClient client, String sandboxId, int rows, int cols,
                                           Consumer<Ended> onEnded) {
        return new SandboxTtyConnector(client, sandboxId, rows, cols, onEnded);
    }

    private final class Listener implements TerminalListener {
        private volatile Integer code;
        private volatile String error;

        @Override
        public void onOutput(String data) {
            chunks.add(data);
        }

        @Override
        public void onExit(int exitCode) {
            code = exitCode;
        }

        @Override
        public void onError(String message) {
            error = message;
        }

        @Override
        public void onClosed(Throwable failure) {
            connected = false;
            if (failure != null && error == null) error = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            chunks.end();
            exit.complete(code == null ? -1 : code);
            onEnded.accept(new Ended(code, error));
        }
    }

    @Override
    public int read(char[] buf, int offset, int length) {
        return chunks.read(buf, offset, length);
    }

    @Override
    public void write(byte[] bytes) {
        write(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void write(String string) {
        if (connected) connection.send(string);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void resize(TermSize size) {
        if (connected) connection.resize(size.getRows(), size.getColumns());
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return -1;
        }
    }

    @Override
    public boolean ready() {
        return chunks.ready();
    }

    @Override
    public String getName() {
        return name;
    }

    /** Closes the socket; the engine ends the shell and frees its PTY. */
    @Override
    public void close() {
        connection.close();
    }
}
