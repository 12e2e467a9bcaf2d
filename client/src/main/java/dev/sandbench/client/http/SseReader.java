package dev.sandbench.client.http;

import java.io.BufferedReader;
import java.io.IOException;

/** Reads Server-Sent Events from a stream, one event at a time. */
public final class SseReader {
    /** One event: its id (or null), name and data. */
    public record Event(String id, String name, String data) {}

    private final BufferedReader in;

    public SseReader(BufferedReader in) {
        this.in = in;
    }

    /** The next event, or null at the end of the stream. Comment lines are skipped. */
    public Event next() throws IOException {
        String id = null;
        String name = "message";
        StringBuilder data = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (data != null) return new Event(id, name, data.toString());
                continue;
            }
            if (line.startsWith(":")) continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { }
            }
        }
        return null;
    }
}
