package dev.sandbench.engine.terminal;

import java.io.IOException;

/** What a terminal WebSocket drives: an interactive PTY shell, or one command in exec mode. */
interface TerminalSession extends AutoCloseable {
    void input(String data) throws IOException;

    void resize(int rows, int cols) throws IOException;

    @Override
    void close();
}
