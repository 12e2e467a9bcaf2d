package dev.sandbench.app.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an export the user asked for (a saved log, a CSV) in one piece: a failed write leaves
 * the old file, and the error says in words what went wrong. Call off the UI thread.
 */
public final class FileExport {
    private FileExport() { }

    /** Writes {@code text} as UTF-8; the exception's message is fit to show ("Cannot write …: permission denied"). */
    public static void write(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            if (Files.isDirectory(target)) throw new FileSystemException(target.toString(), null, "it is a folder");
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the reason worth reporting is the first failure
                }
            }
            throw new IOException("Cannot write " + target + ": " + reason(e), e);
        }
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "the folder does not exist";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
