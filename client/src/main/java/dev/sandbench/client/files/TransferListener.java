package dev.sandbench.client.files;

/** Progress of an upload or download, called on the transfer's thread as bytes move. */
@FunctionalInterface
public interface TransferListener {
    /** @param total the expected byte count, or -1 when unknown */
    void onProgress(long transferred, long total);

    TransferListener NONE = (done, total) -> { };
}
