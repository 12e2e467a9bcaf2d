package dev.sandbench.client.exec;

/** Output of a streamed command, as it is produced (called on the stream's thread, in order). */
@FunctionalInterface
public interface StreamListener {
    /** @param stream "stdout" or "stderr" */
    void onChunk(String stream, String text);
}
