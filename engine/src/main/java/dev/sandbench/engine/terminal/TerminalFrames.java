package dev.sandbench.engine.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.api.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** The terminal WebSocket's JSON frames, exactly as the contract names them. */
final class TerminalFrames {
    private TerminalFrames() {}

    static String output(String data) {
        return Json.write(Map.of("type", "output", "data", data));
    }

    static String exit(int code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "exit");
        m.put("code", code);
        return Json.write(m);
    }

    static String error(String message) {
        return Json.write(Map.of("type", "error", "message", message));
    }

    static String pong() {
        return "{\"type\":\"pong\"}";
    }

    /** A parsed client frame; unknown or malformed frames come back with type "invalid". */
    record Incoming(String type, String data, int rows, int cols) {
        static Incoming parse(String text) {
            try {
                JsonNode n = Json.MAPPER.readTree(text);
                String type = n.path("type").asText("");
                return new Incoming(type, n.path("data").isTextual() ? n.get("data").asText() : null,
                        n.path("rows").asInt(-1), n.path("cols").asInt(-1));
            } catch (Exception e) {
                return new Incoming("invalid", null, -1, -1);
            }
        }
    }
}
