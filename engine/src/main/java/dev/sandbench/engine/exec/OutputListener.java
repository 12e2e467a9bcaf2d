package dev.sandbench.engine.exec;

/** A command's output as it arrives (for streaming): stdout or stderr text, in order, one call at a time. */
@FunctionalInterface
public interface OutputListener {
    void output(String stream, String text);
}
