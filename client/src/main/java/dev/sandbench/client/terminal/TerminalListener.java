package dev.sandbench.client.terminal;

/**
 * Receives a terminal's events, on OkHttp's WebSocket thread, in order. Keep the callbacks
 * quick; hand work to another thread.
 */
public interface TerminalListener {
    /** Text the shell or command wrote. */
    void onOutput(String data);

    /** The shell or command ended with this exit code. */
    default void onExit(int code) { }

    /** The engine reported a problem on the terminal. */
    default void onError(String message) { }

    /** The connection closed (after an exit, a close, or a failure; {@code failure} is null unless it broke). */
    default void onClosed(Throwable failure) { }
}
