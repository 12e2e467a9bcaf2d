package dev.sandbench.engine.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.api.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.Map;

/**
 * USD per million tokens by model, for llm_call events that carry tokens but no cost_usd. The
 * table is DATA/prices.json, written with defaults on first start and re-read when it changes;
 * a model matches the longest key it starts with ("gpt-4o-mini-2024" uses "gpt-4o-mini").
 */
final class Prices {
    private static final String DEFAULTS = """
            {
              "gpt-4o-mini": {"input_per_million": 0.15, "output_per_million": 0.60},
              "gpt-4o": {"input_per_million": 2.50, "output_per_million": 10.00},
              "gpt-4.1": {"input_per_million": 2.00, "output_per_million": 8.00},
              "o3": {"input_per_million": 2.00, "output_per_million": 8.00},
              "claude-3-5-haiku": {"input_per_million": 0.80, "output_per_million": 4.00},
              "claude-3-5-sonnet": {"input_per_million": 3.00, "output_per_million": 15.00},
              "claude-sonnet-4": {"input_per_million": 3.00, "output_per_million": 15.00},
              "claude-opus-4": {"input_per_million": 15.00, "output_per_million": 75.00},
              "gemini-1.5-pro": {"input_per_million": 1.25, "output_per_million": 5.00}
            }
            """;
    private final Path file;
    private volatile JsonNode table;
    private volatile FileTime loaded;

    Prices(Path file) throws IOException {
        this.file = file;
        if (!Files.exists(file)) Files.writeString(file, DEFAULTS);
        reload();
    }

    private void reload() throws IOException {
        loaded = Files.getLastModifiedTime(file);
        table = Json.MAPPER.readTree(Files.readString(file));
    }

    /** The cost of a call, or 0 when the model is not in the table. */
    double cost(String model, long tokensIn, long tokensOut) {
        try {
            if (!Files.getLastModifiedTime(file).equals(loaded)) reload();
        } catch (IOException ignored) {
            // keep the table we have
        }
        if (model == null) return 0;
        String best = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (model.startsWith(key) && (best == null || key.length() > best.length())) best = key;
        }
        if (best == null) return 0;
        JsonNode p = table.get(best);
        return tokensIn / 1e6 * p.path("input_per_million").asDouble() + tokensOut / 1e6 * p.path("output_per_million").asDouble();
    }
}
