package dev.sandbench.engine.files;

import dev.sandbench.engine.api.ApiException;

/** Maps the in-sandbox file helper's exit codes to API problems. */
final class FileOpException {
    private FileOpException() {}

    static ApiException of(int code, String message) {
        String m = message == null || message.isBlank() ? "file operation failed" : message.strip();
        return switch (code) {
            case 2 -> ApiException.notFound(m);
            case 3, 4, 92, 93 -> ApiException.badRequest(m);
            case 5, 7 -> ApiException.conflict(m);
            case 6, 90, 91 -> ApiException.forbidden(m);
            case 8 -> ApiException.insufficientStorage(m);
            default -> ApiException.unprocessable(m);
        };
    }
}
