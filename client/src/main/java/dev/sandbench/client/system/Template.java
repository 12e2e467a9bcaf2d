package dev.sandbench.client.system;

import java.util.List;

/** A sandbox template and whether this engine can provide it (and why not). */
public record Template(String name, String description, List<String> languages, boolean available, String reason) {}
