package dev.sandbench.client.events;

/** Receives the live event stream on the subscription's thread, in order. */
public interface EventListener {
    void onEvent(EngineEvent event);

    /** The connection dropped; the subscription reconnects by itself and resumes where it can. */
    default void onDisconnected(Throwable cause) { }

    /** Connected (again). */
    default void onConnected() { }
}
