package dev.sandbench.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.sessions.AgentSession;
import dev.sandbench.client.sessions.ReplayEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An exported session (the engine's {@code GET /v1/sessions/{sid}/export?format=json}: format
 * {@code sandbench-session/1}, session, summary, events), read for offline replay.
 */
public final class SessionFile {
    public static final String FORMAT = "sandbench-session/1";

    /** A session read from a file. */
    public record Loaded(AgentSession session, List<ReplayEvent> events, JsonNode document) {}

    private SessionFile() {}

    /** Reads and checks an exported session; the message of the exception says what is wrong. */
    public static Loaded read(Path file) throws IOException {
        JsonNode doc;
        try {
            doc = EngineHttp.MAPPER.readTree(Files.newInputStream(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file.getFileName() + " is not JSON: " + e.getOriginalMessage());
        }
        return parse(doc, file.getFileName().toString());
    }

    static Loaded parse(JsonNode doc, String name) throws IOException {
        if (doc == null || !doc.isObject() || !FORMAT.equals(doc.path("format").asText())) {
            throw new IOException(name + " is not an exported Sandbench session (expected \"format\": \"" + FORMAT + "\")");
        }
        if (!doc.path("events").isArray()) throw new IOException(name + " has no \"events\" list");
        AgentSession session = doc.hasNonNull("session")
                ? EngineHttp.MAPPER.treeToValue(doc.get("session"), AgentSession.class) : null;
        List<ReplayEvent> events = new ArrayList<>(doc.get("events").size());
        int i = 0;
        for (JsonNode e : doc.get("events")) {
            i++;
            if (!e.path("type").isTextual() || !e.path("timestamp").isTextual()) {
                throw new IOException(name + ": event " + i + " has no type or timestamp");
            }
            try {
                events.add(EngineHttp.MAPPER.treeToValue(e, ReplayEvent.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IOException(name + ": event " + i + " cannot be read: " + ex.getOriginalMessage());
            }
        }
        events.sort(java.util.Comparator.comparing(ReplayEvent::timestamp));
        return new Loaded(session, events, doc);
    }

    /** Writes a document as pretty JSON (atomically: a temporary file, then a rename). */
    public static void write(JsonNode doc, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        EngineHttp.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), doc);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
