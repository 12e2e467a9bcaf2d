package dev.sandbench.engine.runtime;

/** Receives a command's output as it is produced. Called from one reader thread per source; keep it quick. */
public interface OutputSink {
    void stdout(byte[] data, int off, int len);

    void stderr(byte[] data, int off, int len);
}
